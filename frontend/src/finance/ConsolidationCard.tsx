import { Card, Table, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { Money } from '../components/Money';
import { QueryState } from '../components/QueryState';
import { ConsolidationQuery } from './queries';

/** The group in its currency: every entity at its closing rate, intercompany eliminated. */
export function ConsolidationCard({ asOf, from }: { asOf: string; from: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConsolidationQuery, variables: { asOf, from } });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Group (consolidated)
      </Title>
      <QueryState fetching={fetching} error={error} data={data} what="the group figures" onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => {
          const c = d.consolidation;
          const rows: [string, string][] = [
            ['Revenue', c.profitAndLoss.totalRevenue],
            ['Expenses', c.profitAndLoss.totalExpenses],
            ['Net profit', c.profitAndLoss.netProfit],
            ['Assets', c.balanceSheet.totalAssets],
            ['Liabilities', c.balanceSheet.totalLiabilities],
            ['Equity', c.balanceSheet.totalEquity],
            ['Intercompany eliminated (net)', c.eliminated],
          ];
          return (
            <Table aria-label="Group figures">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>Entities and closing rates</Table.Td>
                  <Table.Td ta="right">{c.entities.map((e) => `${e.code} ${e.currency} × ${Number(e.rate).toFixed(4)}`).join(', ')}</Table.Td>
                </Table.Tr>
                {rows.map(([label, amount]) => (
                  <Table.Tr key={label}>
                    <Table.Td>{label}</Table.Td>
                    <Table.Td ta="right">
                      <Money amount={amount} currency={c.currency} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
    </Card>
  );
}
