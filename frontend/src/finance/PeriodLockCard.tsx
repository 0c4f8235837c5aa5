import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { FormResult } from '../components/FormResult';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { LockPeriodMutation, UnlockPeriodMutation } from './queries';

const CONTEXT = { additionalTypenames: ['PeriodLock'] };

function LockForm({ entity, onDone }: { entity: string; onDone: (through: string | null, message: string) => void }) {
  const [through, setThrough] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, lock] = useMutation(LockPeriodMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await lock({ entity, through }, CONTEXT);
    const found = collectErrors(result.error, result.data?.lockPeriod);
    setErrors(found);
    if (found.length === 0) onDone(result.data?.lockPeriod.periodLock?.through ?? through, `The books of ${entity} are locked through ${formatDate(through)}.`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Lock a period">
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput label="Lock through" type="date" required value={through} onChange={(e) => setThrough(e.currentTarget.value)} error={errorsAt(errors, 'through')} />
          <Button type="submit" loading={fetching} mt={25}>
            Lock period
          </Button>
        </Group>
        <FormResult errors={errors} atFields={['through']} title="Period not locked" done={null} />
      </Stack>
    </form>
  );
}

/** Moving a lock back (admins only): to an earlier day, or removing it; the reason goes to the audit trail. */
function UnlockForm({ entity, onDone }: { entity: string; onDone: (through: string | null, message: string) => void }) {
  const [through, setThrough] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, unlock] = useMutation(UnlockPeriodMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setErrors([{ field: 'reason', code: 'REQUIRED', message: 'Say why the period is reopened (it goes to the audit trail).' }]);
      return;
    }
    const result = await unlock({ entity, reason: reason.trim(), through: through || null }, CONTEXT);
    const found = collectErrors(result.error, result.data?.unlockPeriod);
    setErrors(found);
    if (found.length === 0) {
      const left = result.data?.unlockPeriod.periodLock?.through;
      setReason('');
      onDone(left ?? null, left ? `${entity} is now locked through ${formatDate(left)}.` : `Nothing of ${entity} is locked now.`);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label="Unlock a period" noValidate>
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput
            label="Keep locked through"
            description="Empty: unlock everything"
            type="date"
            value={through}
            onChange={(e) => setThrough(e.currentTarget.value)}
            error={errorsAt(errors, 'through')}
          />
          <TextInput label="Reason for unlocking" required w={320} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorsAt(errors, 'reason')} />
          <Button type="submit" color="red" variant="outline" loading={fetching} mt={25}>
            Unlock
          </Button>
        </Group>
        <FormResult errors={errors} atFields={['through', 'reason']} title="Period not unlocked" done={null} />
      </Stack>
    </form>
  );
}

/** The entity's period lock: finance moves it forward, only an admin moves it back. */
export function PeriodLockCard({ entity, current: stored, canLock, canUnlock }: { entity: string; current: string | null; canLock: boolean; canUnlock: boolean }) {
  // The answer of the last lock or unlock, shown at once (the page's query catches up after it).
  const [answered, setAnswered] = useState<{ through: string | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setAnswered(null), [stored]);
  useEffect(() => setMessage(null), [entity]);
  const current = answered ? answered.through : stored;
  const onDone = (through: string | null, said: string) => {
    setAnswered({ through });
    setMessage(said);
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Period lock
        </Title>
        <Text size="sm" data-testid="period-lock">
          {current ? `Locked through ${formatDate(current)}: nothing posts on or before it.` : 'Nothing is locked.'}
        </Text>
        {canLock ? <LockForm entity={entity} onDone={onDone} /> : <Text size="sm">Locking a period needs the finance or admin role.</Text>}
        {message && (
          <Alert color="green" role="status">
            {message}
          </Alert>
        )}
        {canUnlock ? (
          current && <UnlockForm entity={entity} onDone={onDone} />
        ) : (
          <Text size="xs" c="dimmed">
            Moving a lock back is an admin's action, recorded in the audit trail.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
