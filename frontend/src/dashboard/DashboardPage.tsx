import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Fragment, useCallback, useEffect } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { useViewer } from '../auth/useViewer';
import { EntitiesQuery } from '../billing/queries';
import { QueryState } from '../components/QueryState';
import { DashboardCountsQuery } from './queries';
import { TimesheetsChangedSubscription } from './subscriptions';
import { MarginCard } from './MarginCard';
import { NextRunsCard } from './NextRunsCard';
import { ReceivablesCard } from './ReceivablesCard';
import { TodayCard } from '../insight/TodayCard';

function Tile({ label, value, to, testId }: { label: string; value: number | null | undefined; to: string; testId: string }) {
  return (
    <Card withBorder component={Link} to={to} style={{ textDecoration: 'none' }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value ?? '…'}
      </Text>
    </Card>
  );
}

export default function DashboardPage() {
  const { viewer } = useViewer();
  const [{ data: counts }, refetchCounts] = useQuery({ query: DashboardCountsQuery, requestPolicy: 'cache-and-network' });
  const [{ data: known, fetching, error }, refetchEntities] = useQuery({ query: EntitiesQuery });
  const onChange = useCallback(() => refetchCounts({ requestPolicy: 'network-only' }), [refetchCounts]);
  // The approval queue moves with every submission, approval or rejection: the counts are fetched
  // again (a burst, such as a bulk import, becomes one refetch), so the tile and the lists agree.
  const [queue] = useSubscription({ query: TimesheetsChangedSubscription, pause: !viewer?.isStaff });
  const awaiting = queue.data?.timesheetsChanged.awaitingApproval;
  useEffect(() => {
    if (awaiting === undefined) return;
    const timer = setTimeout(onChange, 250);
    return () => clearTimeout(timer);
  }, [awaiting, queue.data, onChange]);
  const currencies = new Map((known?.entities ?? []).map((e) => [e.code, e.currency]));
  const entities = [...currencies.keys()].sort();

  return (
    <Stack>
      <Title order={1} size="h2">
        Welcome, <span data-testid="viewer-username">{viewer?.username}</span>
      </Title>
      <TodayCard />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Tile label="Timesheets waiting for approval" value={counts?.submitted.totalCount} to="/timesheets" testId="count-submitted" />
        <Tile label="Overdue invoices" value={counts?.overdueInvoices.totalCount} to="/invoices?overdue=true" testId="count-overdue" />
        <Tile label="Active job orders" value={counts?.activeJobOrders.totalCount} to="/job-orders?status=ACTIVE" testId="count-active" />
      </SimpleGrid>
      <QueryState
        what="entities"
        fetching={fetching}
        error={error}
        data={known}
        onRetry={() => refetchEntities({ requestPolicy: 'network-only' })}
        isEmpty={() => entities.length === 0}
        empty="No entities yet: import a configuration document to get started."
      >
        {() => (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {entities.map((code) => (
              <Fragment key={code}>
                <ReceivablesCard entity={code} onChange={onChange} />
                <MarginCard entity={code} currency={currencies.get(code)!} onChange={onChange} />
              </Fragment>
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      {entities.length > 0 && <NextRunsCard currencies={currencies} />}
    </Stack>
  );
}
