import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useSubscription } from 'urql';
import { appLocale } from '../lib/format';
import type { PingsSubscription as PingsResult } from '../graphql';
import type { ConnectionStatus } from '../graphql/connection';
import { useConnectionStatus } from '../graphql/GraphqlProvider';
import { PingMutation } from './mutations';
import { PingsSubscription } from './subscriptions';

export type Ping = PingsResult['pings'];

/** How many received pings the panel keeps. */
export const MAX_PINGS = 50;

/** Newest first, at most MAX_PINGS. */
export function addPing(previous: Ping[] | undefined, data: PingsResult): Ping[] {
  return [data.pings, ...(previous ?? [])].slice(0, MAX_PINGS);
}


function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(appLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

const statusLabel: Record<ConnectionStatus, { label: string; color: string }> = {
  idle: { label: 'Offline', color: 'gray' },
  connecting: { label: 'Connecting', color: 'yellow' },
  connected: { label: 'Connected', color: 'green' },
  reconnecting: { label: 'Reconnecting', color: 'orange' },
};

/**
 * Sends `ping(message)`; the server publishes it from a background job to every `pings`
 * subscriber, so the message comes back here through the WebSocket.
 */
export function LivePanel() {
  const status = useConnectionStatus();
  const [{ data: pings, error: subscriptionError }] = useSubscription({ query: PingsSubscription }, addPing);
  const [{ fetching: sending }, ping] = useMutation(PingMutation);
  const [message, setMessage] = useState('');
  const [sendError, setSendError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = message.trim();
    if (!text) {
      setSendError('Type a message to send.');
      return;
    }
    setSendError(null);
    const result = await ping({ message: text });
    const error = result.error?.message ?? result.data?.ping.errors.map((e) => e.message).join(' ');
    if (error) {
      setSendError(error);
      return;
    }
    setMessage('');
  }

  const { label, color } = statusLabel[status];

  return (
    <Card withBorder component="section" aria-labelledby="live-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="live-title">
            Live
          </Title>
          <Badge color={color} variant="dot" data-testid="live-status" aria-live="polite">
            {label}
          </Badge>
        </Group>
        <form onSubmit={onSubmit} noValidate>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label="Message"
              name="message"
              placeholder="Say hello"
              style={{ flex: 1 }}
              value={message}
              maxLength={500}
              onChange={(e) => setMessage(e.currentTarget.value)}
              error={sendError ?? undefined}
            />
            <Button type="submit" loading={sending} mb={sendError ? 22 : 0}>
              Send ping
            </Button>
          </Group>
        </form>
        {subscriptionError && (
          <Alert color="red" role="alert" title="Live updates interrupted">
            {subscriptionError.message}
          </Alert>
        )}
        <Title order={3} size="h6" id="received-title">
          Received
        </Title>
        {pings && pings.length > 0 ? (
          <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby="received-title" data-testid="ping-list">
            {pings.map((p, i) => (
              <Group component="li" key={`${p.at}-${pings.length - i}`} justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {p.message}
                </Text>
                <Text size="xs" c="dimmed" component="time" dateTime={p.at} style={{ whiteSpace: 'nowrap' }}>
                  {formatTime(p.at)}
                </Text>
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No pings received yet. Send one, or wait for someone else's.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
