import { Anchor, Badge, Button, Card, Group, List, SimpleGrid, Switch, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { QueryState } from '../components/QueryState';
import { formatDate, formatPercent } from '../lib/format';
import { MorningDashboardQuery, NotificationAddedSubscription, NotificationReadMutation } from './queries';

/** The morning list: what needs the account manager today, before the charts. */
export function TodayCard() {
  const [mine, setMine] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MorningDashboardQuery, variables: { mine }, requestPolicy: 'cache-and-network' });
  const [{ data: pushed }] = useSubscription({ query: NotificationAddedSubscription });
  const [, markRead] = useMutation(NotificationReadMutation);
  const seen = useRef<unknown>(null);
  useEffect(() => {
    if (pushed && pushed !== seen.current) {
      seen.current = pushed;
      refetch({ requestPolicy: 'network-only' });
    }
  }, [pushed, refetch]);
  return (
    <Card withBorder component="section" aria-labelledby="today-title" data-testid="today">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="today-title">
          Today
        </Title>
        <Switch label="Only my job orders" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      <QueryState what="today's list" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => {
          const m = d.morningDashboard;
          return (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <div>
                <Text fw={600}>
                  <Anchor component={Link} to="/timesheets?status=SUBMITTED">
                    {m.timesheetsToApprove} timesheet{m.timesheetsToApprove === 1 ? '' : 's'} to approve
                  </Anchor>
                </Text>
                <Text fw={600} mt="sm">
                  Placements ending in 4 weeks
                </Text>
                {m.placementsEnding.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None.
                  </Text>
                ) : (
                  <List size="sm">
                    {m.placementsEnding.map((p) => (
                      <List.Item key={p.jobOrder}>
                        {p.payeeName} · {p.jobOrder} ({p.client}) ends {formatDate(p.end)}
                      </List.Item>
                    ))}
                  </List>
                )}
              </div>
              <div>
                <Text fw={600}>Overdue or late clients</Text>
                {m.overdueClients.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None.
                  </Text>
                ) : (
                  <List size="sm" data-testid="overdue-clients">
                    {m.overdueClients.map((c) => (
                      <List.Item key={c.client}>
                        {c.name} ({c.client}) {c.late && <Badge color="red.8" size="xs">paying late: {c.recentDaysToPay} days on {c.paymentTermsDays}-day terms</Badge>}
                      </List.Item>
                    ))}
                  </List>
                )}
                <Text fw={600} mt="sm">
                  Margin alerts (under 10 % last week)
                </Text>
                {m.marginAlerts === null ? (
                  <Text size="sm" c="dimmed">
                    Margins need the confidential permission.
                  </Text>
                ) : m.marginAlerts.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None.
                  </Text>
                ) : (
                  <List size="sm">
                    {m.marginAlerts.map((a) => (
                      <List.Item key={a.jobOrder}>
                        {a.jobOrder} ({a.client}): {formatPercent(a.grossMarginPercent)}
                      </List.Item>
                    ))}
                  </List>
                )}
              </div>
              {d.notifications.length > 0 && (
                <div>
                  <Text fw={600}>Notifications ({m.unreadNotifications})</Text>
                  <List size="sm" data-testid="notifications">
                    {d.notifications.map((n) => (
                      <List.Item key={n.id}>
                        {n.message}{' '}
                        <Button size="compact-xs" variant="subtle" onClick={() => markRead({ id: n.id }).then(() => refetch({ requestPolicy: 'network-only' }))}>
                          Mark read
                        </Button>
                      </List.Item>
                    ))}
                  </List>
                </div>
              )}
            </SimpleGrid>
          );
        }}
      </QueryState>
    </Card>
  );
}
