import { useQuery } from 'urql';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import type { InvoiceFilter } from '../graphql';
import { InvoiceTable } from './InvoiceTable';
import { InvoicesQuery } from './queries';

/** Staff: invoices matching `filters`, server-side paginated. */
export function InvoicesList({ filters, empty }: { filters?: InvoiceFilter; empty?: string }) {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({ query: InvoicesQuery, variables: { first: PAGE_SIZE, after: pager.after, filters } });
  return (
    <QueryState what="invoices" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.invoices.edges.length === 0} empty={empty ?? 'No invoices match.'}>
      {(d) => (
        <>
          <InvoiceTable rows={d.invoices.edges.map((e) => e.node)} />
          <Pager pager={pager} pageInfo={d.invoices.pageInfo} totalCount={d.invoices.totalCount} shown={d.invoices.edges.length} label="Invoices" />
        </>
      )}
    </QueryState>
  );
}
