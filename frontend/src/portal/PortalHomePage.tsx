import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { PortalInvoicesList } from './PortalInvoicesPage';
import { PortalTimesheetsQuery } from './queries';

export default function PortalHomePage() {
  const { viewer } = useViewer();
  const [{ data }] = useQuery({ query: PortalTimesheetsQuery, variables: { first: 1, filters: { status: 'SUBMITTED' } } });
  return (
    <Stack>
      <Title order={1} size="h2">
        Welcome, <span data-testid="viewer-username">{viewer?.username}</span>
      </Title>
      <Text c="dimmed">{viewer?.client?.name}: your invoices, job orders and timesheets.</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder component={Link} to="/timesheets" style={{ textDecoration: 'none' }}>
          <Text size="xs" c="dimmed">
            Timesheets waiting for your approval
          </Text>
          <Text size="xl" fw={700} data-testid="portal-count-submitted">
            {data?.timesheets.totalCount ?? '…'}
          </Text>
        </Card>
      </SimpleGrid>
      <Card withBorder component="section" aria-labelledby="open-invoices">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h5" id="open-invoices">
            Recent invoices
          </Title>
          <Anchor component={Link} to="/invoices" size="sm">
            All invoices
          </Anchor>
        </Group>
        <PortalInvoicesList />
      </Card>
    </Stack>
  );
}
