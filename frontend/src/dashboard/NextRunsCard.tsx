import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { graphql } from '../graphql';
import { formatDate, formatMoney, humanize } from '../lib/format';

export const NextBillingRunsQuery = graphql(`
  query NextBillingRuns {
    nextBillingRuns {
      entity
      cycle
      closeDay
      periodEnd
      due
      clients
      invoiceCount
      lineCount
      total
    }
  }
`);

/** The scheduler's next runs per entity and billing cycle, with what each would bill now (a dry run). */
export function NextRunsCard({ currencies }: { currencies: Map<string, string> }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: NextBillingRunsQuery, requestPolicy: 'cache-and-network' });
  return (
    <Card withBorder component="section" aria-label="Next billing runs">
      <Title order={2} size="h4" mb="xs">
        Next billing runs
      </Title>
      <QueryState what="the next billing runs" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.nextBillingRuns.length === 0} empty="No active clients on a billing cycle.">
        {(d) => (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Next billing runs and what they would bill" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Entity</Table.Th>
                  <Table.Th>Cycle</Table.Th>
                  <Table.Th>Period ends</Table.Th>
                  <Table.Th>Clients</Table.Th>
                  <Table.Th ta="right">Invoices</Table.Th>
                  <Table.Th ta="right">Lines</Table.Th>
                  <Table.Th ta="right">Would bill</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.nextBillingRuns.map((run) => (
                  <Table.Tr key={`${run.entity}:${run.cycle}:${run.closeDay}`}>
                    <Table.Td>{run.entity}</Table.Td>
                    <Table.Td>{humanize(run.cycle)}</Table.Td>
                    <Table.Td>
                      {formatDate(run.periodEnd)} {run.due && <Badge size="xs" color="orange" variant="light">due</Badge>}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={1} title={run.clients.join(', ')}>
                        {run.clients.join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{run.invoiceCount}</Table.Td>
                    <Table.Td ta="right">{run.lineCount}</Table.Td>
                    <Table.Td ta="right">{formatMoney(run.total, currencies.get(run.entity) ?? 'AUD')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Card>
  );
}
