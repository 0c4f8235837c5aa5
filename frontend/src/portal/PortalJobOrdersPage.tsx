import { Table } from '@mantine/core';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../lib/format';
import { PortalJobOrdersQuery } from './queries';

export default function PortalJobOrdersPage() {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PortalJobOrdersQuery, variables: { first: PAGE_SIZE, after: pager.after } });
  return (
    <>
      <PageHeader title="Your job orders" />
      <QueryState what="your job orders" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.jobOrders.edges.length === 0} empty="No job orders yet.">
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped aria-label="Job orders">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Code</Table.Th>
                    <Table.Th>Title</Table.Th>
                    <Table.Th>Worker</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Dates</Table.Th>
                    <Table.Th>PO number</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.jobOrders.edges.map(({ node }) => (
                    <Table.Tr key={node.id}>
                      <Table.Td>{node.code}</Table.Td>
                      <Table.Td>{node.title}</Table.Td>
                      <Table.Td>{node.payee.name}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={node.status} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(node.start)} – {node.end ? formatDate(node.end) : 'open'}
                      </Table.Td>
                      <Table.Td>{node.poNumber || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager pager={pager} pageInfo={d.jobOrders.pageInfo} totalCount={d.jobOrders.totalCount} shown={d.jobOrders.edges.length} label="Job orders" />
          </>
        )}
      </QueryState>
    </>
  );
}
