import { Group, Paper, Select } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { InvoiceTable } from '../invoices/InvoiceTable';
import { INVOICE_STATUSES } from '../invoices/InvoicesPage';
import { PortalInvoicesQuery } from './queries';

export function PortalInvoicesList({ status, overdue }: { status?: string | null; overdue?: boolean }) {
  const pager = useCursorPager();
  const filters = { ...(status ? { status } : {}), ...(overdue ? { overdue: true } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PortalInvoicesQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters: Object.keys(filters).length ? filters : undefined },
  });
  return (
    <QueryState what="your invoices" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.invoices.edges.length === 0} empty="No invoices yet.">
      {(d) => (
        <>
          <InvoiceTable rows={d.invoices.edges.map((e) => e.node)} showClient={false} />
          <Pager pager={pager} pageInfo={d.invoices.pageInfo} totalCount={d.invoices.totalCount} shown={d.invoices.edges.length} label="Invoices" />
        </>
      )}
    </QueryState>
  );
}

export default function PortalInvoicesPage() {
  const [status, setStatus] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Your invoices" />
      <Paper withBorder p="sm" mb="md">
        <Group>
          <Select label="Status" placeholder="Any" clearable w={180} data={INVOICE_STATUSES} value={status} onChange={setStatus} />
        </Group>
      </Paper>
      <PortalInvoicesList key={status ?? ''} status={status} />
    </>
  );
}
