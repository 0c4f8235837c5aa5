import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useQuery, useSubscription } from 'urql';
import { QueryState } from '../components/QueryState';
import type { MarginFieldsFragment } from '../graphql';
import { formatMoney, formatPercent } from '../lib/format';
import { BarChart } from './BarChart';
import { MarginSummaryQuery } from './queries';
import { MarginChangedSubscription } from './subscriptions';

export function MarginView({ summary, currency, live }: { summary: MarginFieldsFragment; currency: string; live: boolean }) {
  const money = (v: string) => formatMoney(v, currency);
  const t = summary.totals;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={3}>
        <div>
          <Text size="xs" c="dimmed">
            Billed
          </Text>
          <Text fw={700}>{money(t.billAmount)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Gross margin
          </Text>
          <Text fw={700} c={Number(t.grossMargin) < 0 ? 'red' : undefined} data-testid={`margin-${summary.entity ?? 'all'}`}>
            {money(t.grossMargin)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Margin
          </Text>
          <Text fw={700}>{formatPercent(t.marginPercent)}</Text>
        </div>
      </SimpleGrid>
      {summary.byClient.length > 0 && (
        <>
          <BarChart
            title="Gross margin by client"
            bars={summary.byClient.map((r) => ({
              label: r.label.length > 12 ? `${r.label.slice(0, 11)}…` : r.label,
              value: Number(r.grossMargin),
              display: money(r.grossMargin),
              color: Number(r.grossMargin) < 0 ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-indigo-6)',
            }))}
          />
          <Table fz="sm" aria-label="Margin by client">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Client</Table.Th>
                <Table.Th ta="right">Billed</Table.Th>
                <Table.Th ta="right">Wages + oncosts</Table.Th>
                <Table.Th ta="right">Gross margin</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.byClient.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td ta="right">{money(r.billAmount)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(Number(r.wage) + Number(r.oncosts), currency)}</Table.Td>
                  <Table.Td ta="right">{money(r.grossMargin)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Approved timesheets: bill amount less wages and all oncosts.
        </Text>
        {live && (
          <Badge size="xs" color="green" variant="dot">
            updated live
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

/** One entity's margins; refetched after each `marginChanged` push (an approval or re-opening). */
export function MarginCard({ entity, currency, onChange }: { entity: string; currency: string; onChange?: () => void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MarginSummaryQuery, variables: { entity }, requestPolicy: 'cache-and-network' });
  const [{ data: pushed }] = useSubscription({ query: MarginChangedSubscription });
  const seen = useRef<unknown>(null);
  useEffect(() => {
    if (pushed && pushed !== seen.current) {
      seen.current = pushed;
      refetch({ requestPolicy: 'network-only' });
      onChange?.();
    }
  }, [pushed, refetch, onChange]);
  return (
    <Card withBorder component="section" aria-labelledby={`margin-${entity}-title`}>
      <Title order={2} size="h5" id={`margin-${entity}-title`} mb="xs">
        Margin · {entity}
      </Title>
      <QueryState what="margins" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => Number(d.marginSummary.totals.billAmount) === 0 && d.marginSummary.byClient.length === 0} empty="No approved timesheets yet.">
        {(d) => <MarginView summary={d.marginSummary} currency={currency} live={Boolean(pushed)} />}
      </QueryState>
    </Card>
  );
}
