import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import type { JobOrderFilter } from '../graphql';
import { formatDate } from '../lib/format';
import { JobOrdersQuery } from './queries';

/** A server-side paginated table of job orders matching `filters`. */
export function JobOrdersTable({ filters, pager: external }: { filters?: JobOrderFilter; pager?: ReturnType<typeof useCursorPager> }) {
  const own = useCursorPager();
  const pager = external ?? own;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: JobOrdersQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters },
  });
  return (
    <QueryState
      what="job orders"
      fetching={fetching}
      error={error}
      data={data}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      isEmpty={(d) => d.jobOrders.edges.length === 0}
      empty="No job orders match."
    >
      {(d) => (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table striped highlightOnHover aria-label="Job orders">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Payee</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th>Bill agreement</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.jobOrders.edges.map(({ node }) => (
                  <Table.Tr key={node.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/job-orders/${encodeURIComponent(node.id)}`}>
                        {node.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{node.title}</Table.Td>
                    <Table.Td>{node.client.name}</Table.Td>
                    <Table.Td>{node.payee.name}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={node.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(node.start)} – {node.end ? formatDate(node.end) : 'open'}
                    </Table.Td>
                    <Table.Td>{node.billAgreement?.name ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager pager={pager} pageInfo={d.jobOrders.pageInfo} totalCount={d.jobOrders.totalCount} shown={d.jobOrders.edges.length} label="Job orders" />
        </>
      )}
    </QueryState>
  );
}
