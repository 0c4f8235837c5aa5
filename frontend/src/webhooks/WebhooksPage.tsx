import { Alert, Button, Card, Checkbox, Code, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { FormResult } from '../components/FormResult';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { CreateWebhookEndpointMutation, ResendWebhookDeliveryMutation, SetWebhookEndpointActiveMutation, WebhookDeliveriesQuery, WebhookEndpointsQuery } from './queries';

const CONTEXT = { additionalTypenames: ['WebhookEndpoint', 'WebhookDelivery'] };

function CreateEndpointForm({ eventTypes }: { eventTypes: { name: string; description: string }[] }) {
  const [form, setForm] = useState({ name: '', url: '', client: '', entity: '' });
  const [types, setTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [{ fetching }, create] = useMutation(CreateWebhookEndpointMutation);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSecret(null);
    const input = { name: form.name.trim(), url: form.url.trim(), eventTypes: types, client: form.client.trim().toUpperCase() || null, entity: form.entity.trim().toUpperCase() || null };
    const result = await create({ input }, CONTEXT);
    const found = collectErrors(result.error, result.data?.createWebhookEndpoint);
    setErrors(found);
    const payload = result.data?.createWebhookEndpoint;
    if (found.length === 0 && payload?.secret && payload.endpoint) {
      setSecret({ name: payload.endpoint.name, secret: payload.secret });
      setForm({ name: '', url: '', client: '', entity: '' });
      setTypes([]);
    }
  }

  return (
    <Paper withBorder p="md" mb="md">
      <form onSubmit={onSubmit} aria-label="Add a webhook endpoint" noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Add an endpoint
          </Title>
          <Group align="flex-start">
            <TextInput label="Name" required w={220} value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errorsAt(errors, 'name')} />
            <TextInput label="URL" description="https:// (http:// only for localhost)" required w={360} value={form.url} onChange={(e) => set('url')(e.currentTarget.value)} error={errorsAt(errors, 'url')} />
            <TextInput label="Client code" description="Only this client's events" w={160} value={form.client} onChange={(e) => set('client')(e.currentTarget.value)} error={errorsAt(errors, 'client')} />
            <TextInput label="Entity code" description="Only this entity's events" w={160} value={form.entity} onChange={(e) => set('entity')(e.currentTarget.value)} error={errorsAt(errors, 'entity')} />
          </Group>
          <Checkbox.Group label="Events" required value={types} onChange={setTypes} error={errorsAt(errors, 'eventTypes')}>
            <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs" spacing="xs">
              {eventTypes.map((t) => (
                <Checkbox key={t.name} value={t.name} label={t.name} description={t.description} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={fetching}>
              Add endpoint
            </Button>
          </Group>
          <FormResult errors={errors} atFields={['name', 'url', 'client', 'entity', 'eventTypes']} title="Endpoint not added" done={null} />
          {secret && (
            <Alert color="green" role="status">
              <Text size="sm" fw={700}>
                Endpoint {secret.name} added
              </Text>
              <Text size="sm">Its signing secret is shown only now: give it to the partner to verify the signatures.</Text>
              <Code block data-testid="webhook-secret">
                {secret.secret}
              </Code>
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function Deliveries({ endpoints }: { endpoints: { id: string; name: string }[] }) {
  const [endpoint, setEndpoint] = useState('');
  const [status, setStatus] = useState('');
  const filters = { ...(endpoint ? { endpoint } : {}), ...(status ? { status } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhookDeliveriesQuery, variables: { filters }, context: CONTEXT });
  const [{ fetching: resending }, resend] = useMutation(ResendWebhookDeliveryMutation);
  const [outcome, setOutcome] = useState<{ errors: UserError[]; done: string | null }>({ errors: [], done: null });

  async function onResend(id: string, eventId: string) {
    const result = await resend({ id }, CONTEXT);
    const found = collectErrors(result.error, result.data?.resendWebhookDelivery);
    setOutcome({ errors: found, done: found.length === 0 ? `Event ${eventId} is being sent again.` : null });
  }

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Recent deliveries
      </Title>
      <Group mb="sm">
        <NativeSelect label="Endpoint" value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)} data={[{ value: '', label: 'Any' }, ...endpoints.map((e) => ({ value: e.id, label: e.name }))]} />
        <NativeSelect label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} data={[{ value: '', label: 'Any' }, 'PENDING', 'SUCCEEDED', 'FAILED']} />
      </Group>
      <FormResult errors={outcome.errors} atFields={[]} title="Not sent again" done={outcome.done} />
      <QueryState fetching={fetching} error={error} data={data} what="deliveries" isEmpty={(d) => d.webhookDeliveries.edges.length === 0} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => (
          <Table.ScrollContainer minWidth={820}>
            <Table aria-label="Webhook deliveries" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Endpoint</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                  <Table.Th>Action</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.webhookDeliveries.edges.map(({ node: x }) => (
                  <Table.Tr key={x.id} data-testid="webhook-delivery" data-status={x.status}>
                    <Table.Td>{formatDate(x.createdAt.slice(0, 10))}</Table.Td>
                    <Table.Td>{x.endpoint.name}</Table.Td>
                    <Table.Td>
                      {x.eventType} <Code>{x.eventId}</Code>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={x.status} />
                    </Table.Td>
                    <Table.Td ta="right">{x.attempts}</Table.Td>
                    <Table.Td>{x.lastStatusCode ? `HTTP ${x.lastStatusCode}` : x.lastError || '—'}</Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="light" loading={resending} aria-label={`Redeliver ${x.eventId} to ${x.endpoint.name}`} onClick={() => onResend(x.id, x.eventId)}>
                        Redeliver
                      </Button>
                    </Table.Td>
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

/** Partners' webhook endpoints and their deliveries (admins: `manage_api_tokens`, as the API requires). */
export default function WebhooksPage() {
  const { can } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhookEndpointsQuery, context: CONTEXT, pause: !can('manage_api_tokens') });
  const [{ fetching: switching }, setActive] = useMutation(SetWebhookEndpointActiveMutation);
  const [outcome, setOutcome] = useState<{ errors: UserError[]; done: string | null }>({ errors: [], done: null });

  if (!can('manage_api_tokens')) {
    return (
      <>
        <PageHeader title="Webhooks" />
        <Text>Managing webhook endpoints needs the admin role.</Text>
      </>
    );
  }

  async function onToggle(id: string, name: string, active: boolean) {
    const result = await setActive({ id, active }, CONTEXT);
    const found = collectErrors(result.error, result.data?.setWebhookEndpointActive);
    setOutcome({ errors: found, done: found.length === 0 ? `${name} is ${active ? 'enabled' : 'disabled'}.` : null });
  }

  return (
    <>
      <PageHeader title="Webhooks" />
      <QueryState fetching={fetching} error={error} data={data} what="webhook endpoints" onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => {
          const endpoints = d.webhookEndpoints.edges.map((e) => e.node);
          return (
            <Stack>
              <CreateEndpointForm eventTypes={d.webhookEventTypes} />
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Endpoints
                </Title>
                <FormResult errors={outcome.errors} atFields={[]} title="Not changed" done={outcome.done} />
                {endpoints.length === 0 ? (
                  <Text size="sm">No endpoints yet.</Text>
                ) : (
                  <Table.ScrollContainer minWidth={720}>
                    <Table aria-label="Webhook endpoints" striped>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Name</Table.Th>
                          <Table.Th>URL</Table.Th>
                          <Table.Th>Events</Table.Th>
                          <Table.Th>Scope</Table.Th>
                          <Table.Th>Status</Table.Th>
                          <Table.Th>Action</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {endpoints.map((e) => (
                          <Table.Tr key={e.id} data-testid="webhook-endpoint" data-name={e.name}>
                            <Table.Td>{e.name}</Table.Td>
                            <Table.Td style={{ wordBreak: 'break-all' }}>{e.url}</Table.Td>
                            <Table.Td>{e.eventTypes.join(', ')}</Table.Td>
                            <Table.Td>{[e.clientCode && `client ${e.clientCode}`, e.entityCode && `entity ${e.entityCode}`].filter(Boolean).join(', ') || 'all'}</Table.Td>
                            <Table.Td>
                              <StatusBadge status={e.isActive ? 'ACTIVE' : 'DISABLED'} />
                              {!e.isActive && e.disabledReason && (
                                <Text size="xs" mt={4}>
                                  {e.disabledReason}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Button size="compact-sm" variant="light" color={e.isActive ? 'red' : undefined} loading={switching} aria-label={`${e.isActive ? 'Disable' : 'Enable'} ${e.name}`} onClick={() => onToggle(e.id, e.name, !e.isActive)}>
                                {e.isActive ? 'Disable' : 'Enable'}
                              </Button>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Card>
              <Deliveries endpoints={endpoints} />
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
