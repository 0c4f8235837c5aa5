import { SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate, sumMoney } from '../lib/format';
import { WorkerTimesheetsQuery } from './queries';

export function WorkerTimesheetsList({ status = 'ALL', first = PAGE_SIZE }: { status?: string; first?: number }) {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: WorkerTimesheetsQuery,
    variables: { first, after: pager.after, filters: status === 'ALL' ? undefined : { status } },
  });
  return (
    <QueryState what="your timesheets" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.myTimesheets.edges.length === 0} empty="No timesheets.">
      {(d) => (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label="Your timesheets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Week starting</Table.Th>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Your pay (before tax)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.myTimesheets.edges.map(({ node: t }) => (
                  <Table.Tr key={t.id} data-testid="worker-timesheet-row">
                    <Table.Td>{formatDate(t.weekStarting)}</Table.Td>
                    <Table.Td>
                      {t.jobOrder.title} at {t.jobOrder.clientName} ({t.jobOrder.code})
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={t.status} />
                      {t.rejectionReason && (
                        <Text size="sm" c="dimmed">
                          {t.rejectionReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {t.payLines.length ? <Money amount={sumMoney(t.payLines.map((p) => p.amount))} currency="AUD" /> : <Text size="sm" c="dimmed">Priced when approved</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager pager={pager} pageInfo={d.myTimesheets.pageInfo} totalCount={d.myTimesheets.totalCount} shown={d.myTimesheets.edges.length} label="Timesheets" />
        </>
      )}
    </QueryState>
  );
}

export default function WorkerTimesheetsPage() {
  const [status, setStatus] = useState('ALL');
  return (
    <>
      <PageHeader title="Your timesheets" />
      <SegmentedControl
        aria-label="Which timesheets"
        mb="md"
        data={[
          { value: 'ALL', label: 'All' },
          { value: 'SUBMITTED', label: 'Awaiting approval' },
          { value: 'APPROVED', label: 'Approved' },
          { value: 'REJECTED', label: 'Rejected' },
        ]}
        value={status}
        onChange={setStatus}
      />
      <WorkerTimesheetsList key={status} status={status} />
    </>
  );
}
