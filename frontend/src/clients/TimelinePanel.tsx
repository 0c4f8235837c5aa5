import { Badge, Button, Group, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { QueryState } from '../components/QueryState';
import { graphql } from '../graphql';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatMoney, humanize } from '../lib/format';

export const ClientTimelineQuery = graphql(`
  query ClientTimeline($id: ID!) {
    node(id: $id) {
      ... on Client {
        id
        timeline(limit: 50) {
          kind
          at
          summary
          body
          actor
          amount
        }
      }
    }
  }
`);

export const RecordActivityMutation = graphql(`
  mutation RecordActivity($client: ID!, $kind: String!, $summary: String!, $body: String!) {
    recordActivity(client: $client, kind: $kind, summary: $summary, body: $body) {
      entry {
        kind
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

const KINDS = ['NOTE', 'CALL', 'EMAIL', 'MEETING'].map((k) => ({ value: k, label: humanize(k) }));

/** Notes, calls, emails, status changes, invoices and payments of a client, newest first. */
export function TimelinePanel({ clientId, clientCode, currency }: { clientId: string; clientCode: string; currency: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClientTimelineQuery, variables: { id: clientId } });
  const [kind, setKind] = useState('NOTE');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching: saving }, record] = useMutation(RecordActivityMutation);
  const entries = data?.node && 'timeline' in data.node ? data.node.timeline : [];

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const result = await record({ client: clientCode, kind, summary, body });
    const found = collectErrors(result.error, result.data?.recordActivity);
    setErrors(found);
    if (found.length === 0) {
      setSummary('');
      setBody('');
      refetch({ requestPolicy: 'network-only' });
    }
  }

  return (
    <Stack>
      <form onSubmit={add} aria-label="Add to the timeline" noValidate>
        <Stack gap="xs" maw={640}>
          <ErrorList errors={errors} />
          <Group align="flex-end" gap="sm">
            <Select label="Kind" data={KINDS} value={kind} onChange={(v) => setKind(v ?? 'NOTE')} allowDeselect={false} w={140} />
            <TextInput label="What happened" required value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={errorsAt(errors, 'summary')} style={{ flex: 1 }} />
          </Group>
          <Textarea label="Details" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={saving}>
              Add to the timeline
            </Button>
          </Group>
        </Stack>
      </form>
      <QueryState what="the timeline" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => entries.length === 0} empty="Nothing on the timeline yet.">
        {() => (
          <Table aria-label="Timeline" fz="sm">
            <Table.Tbody>
              {entries.map((e, i) => (
                <Table.Tr key={`${e.at}:${i}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{new Date(e.at).toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{humanize(e.kind)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.summary}</Text>
                    {e.body && (
                      <Text size="xs" c="dimmed">
                        {e.body}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{e.amount ? formatMoney(e.amount, currency) : ''}</Table.Td>
                  <Table.Td>{e.actor}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
