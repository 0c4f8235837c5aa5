import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { QueryState } from '../components/QueryState';
import type { ReceivablesFieldsFragment } from '../graphql';
import { formatDate, formatMoney } from '../lib/format';
import { BarChart } from './BarChart';
import { ReceivablesQuery } from './queries';
import { ReceivablesChangedSubscription } from './subscriptions';

export function ageingBars(r: ReceivablesFieldsFragment) {
  const money = (v: string) => formatMoney(v, r.currency);
  return [
    { label: 'Current', value: Number(r.current), display: money(r.current), color: 'var(--mantine-color-teal-6)' },
    { label: '1–30 days', value: Number(r.days1To30), display: money(r.days1To30), color: 'var(--mantine-color-yellow-6)' },
    { label: '31–60 days', value: Number(r.days31To60), display: money(r.days31To60), color: 'var(--mantine-color-orange-6)' },
    { label: '61–90 days', value: Number(r.days61To90), display: money(r.days61To90), color: 'var(--mantine-color-red-6)' },
    { label: '90+ days', value: Number(r.days90Plus), display: money(r.days90Plus), color: 'var(--mantine-color-red-9)' },
  ];
}

export function ReceivablesView({ summary, live }: { summary: ReceivablesFieldsFragment; live: boolean }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2}>
        <div>
          <Text size="xs" c="dimmed">
            Outstanding
          </Text>
          <Text size="xl" fw={700} data-testid={`outstanding-${summary.entity}`}>
            {formatMoney(summary.outstanding, summary.currency)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Overdue
          </Text>
          <Text size="xl" fw={700} c={Number(summary.overdue) > 0 ? 'red' : undefined} data-testid={`overdue-${summary.entity}`}>
            {formatMoney(summary.overdue, summary.currency)}
          </Text>
        </div>
      </SimpleGrid>
      <BarChart title={`Receivables ageing for ${summary.entity}`} bars={ageingBars(summary)} />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          As of {formatDate(summary.asOf)}
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

/** One entity's receivables: the query, then every `receivablesChanged` push. */
export function ReceivablesCard({ entity, onChange }: { entity: string; onChange?: () => void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReceivablesQuery, variables: { entity }, requestPolicy: 'cache-and-network' });
  const [{ data: pushed }] = useSubscription({ query: ReceivablesChangedSubscription, variables: { entity } });
  const [seen, setSeen] = useState<unknown>(null);
  useEffect(() => {
    if (pushed && pushed !== seen) {
      setSeen(pushed);
      onChange?.();
    }
  }, [pushed, seen, onChange]);
  const summary = pushed?.receivablesChanged ?? data?.receivables;
  return (
    <Card withBorder component="section" aria-labelledby={`receivables-${entity}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id={`receivables-${entity}`}>
          Receivables · {entity}
        </Title>
        <Text component={Link} to={`/invoices?entity=${entity}&overdue=true`} size="xs" c="indigo">
          Overdue invoices
        </Text>
      </Group>
      <QueryState what="receivables" fetching={fetching} error={error} data={summary ? { summary } : undefined} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {({ summary: s }) => <ReceivablesView summary={s} live={Boolean(pushed)} />}
      </QueryState>
    </Card>
  );
}
