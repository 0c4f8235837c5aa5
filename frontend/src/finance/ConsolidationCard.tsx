import { Card, Group, SegmentedControl, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Money } from '../components/Money';
import { QueryState } from '../components/QueryState';
import { ConsolidationQuery } from './queries';

/**
 * The group in its currency, intercompany eliminated: every entity at its closing rate, or (AVERAGE)
 * the period's profit and loss at its average rate with the difference in the translation reserve.
 */
export function ConsolidationCard({ asOf, from }: { asOf: string; from: string }) {
  const [translation, setTranslation] = useState('CLOSING');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConsolidationQuery, variables: { asOf, from, translation } });
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Group (consolidated)
        </Title>
        <SegmentedControl
          aria-label="Translate the profit and loss at"
          value={translation}
          onChange={setTranslation}
          data={[
            { value: 'CLOSING', label: 'Closing rate' },
            { value: 'AVERAGE', label: 'Average rate' },
          ]}
        />
      </Group>
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
            ...(c.translation === 'AVERAGE' ? ([['Translation reserve (a credit is negative)', c.translationReserve]] as [string, string][]) : []),
          ];
          return (
            <Table aria-label="Group figures">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>Entities and closing rates</Table.Td>
                  <Table.Td ta="right">
                    {c.entities.map((e) => `${e.code} ${e.currency} × ${Number(e.rate).toFixed(4)}${e.averageRate ? ` (average ${Number(e.averageRate).toFixed(4)})` : ''}`).join(', ')}
                  </Table.Td>
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
