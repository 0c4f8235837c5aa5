import { Button, Card, Group, List, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { EndJobOrderMutation, ExtendJobOrderMutation, ReplaceJobOrderMutation } from './mutations';
import { placementPreview, type Placement, type PlacementAction, type PlacementValues } from './placement';

const ACTIONS: { value: PlacementAction; label: string }[] = [
  { value: 'extend', label: 'Extend' },
  { value: 'end', label: 'End' },
  { value: 'replace', label: 'Replace the worker' },
];

const DATE_LABEL: Record<PlacementAction, string> = {
  extend: 'New end (empty: open-ended)',
  end: 'Last day',
  replace: 'The new worker’s first day',
};

/** Extend, end or replace a placement: review what it will do, then confirm (account managers and admins). */
export function PlacementActions({ id, placement: given, onDone }: { id: string; placement: Placement; onDone: () => void }) {
  const navigate = useNavigate();
  // The end the last change here saved, until the page's refetch brings it in `given`.
  const [savedEnd, setSavedEnd] = useState<string | null | undefined>(undefined);
  const placement = savedEnd === undefined ? given : { ...given, end: savedEnd };
  const [action, setAction] = useState<PlacementAction>('extend');
  const [values, setValues] = useState<PlacementValues>({ date: '', payee: '', code: '' });
  const [reviewed, setReviewed] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState('');
  const [{ fetching: extending }, extend] = useMutation(ExtendJobOrderMutation);
  const [{ fetching: ending }, end] = useMutation(EndJobOrderMutation);
  const [{ fetching: replacing }, replace] = useMutation(ReplaceJobOrderMutation);
  const set = (key: keyof PlacementValues, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setReviewed(null);
    setDone('');
  };
  // The server names the date `end` (extend, end) or `on` (replace).
  const at = (field: keyof PlacementValues) => errorsAt(errors, field === 'date' ? (action === 'replace' ? 'on' : 'end') : field);

  function review() {
    const preview = placementPreview(action, placement, values);
    if (preview.ok) {
      setErrors([]);
      setReviewed(preview.lines);
    } else {
      setErrors([{ field: preview.field === 'date' ? (action === 'replace' ? 'on' : 'end') : preview.field, code: 'INVALID', message: preview.message }]);
      setReviewed(null);
    }
  }

  async function confirm() {
    if (action === 'replace') {
      const result = await replace({ jobOrder: id, payee: values.payee.trim(), code: values.code.trim(), on: values.date });
      const found = collectErrors(result.error, result.data?.replaceJobOrder);
      setErrors(found);
      const created = result.data?.replaceJobOrder.jobOrder;
      if (found.length === 0 && created) navigate(`/job-orders/${encodeURIComponent(created.id)}`);
      return;
    }
    let found: UserError[];
    let saved: { end?: string | null } | null | undefined;
    if (action === 'extend') {
      const result = await extend({ jobOrder: id, end: values.date || null });
      found = collectErrors(result.error, result.data?.extendJobOrder);
      saved = result.data?.extendJobOrder.jobOrder;
    } else {
      const result = await end({ jobOrder: id, end: values.date });
      found = collectErrors(result.error, result.data?.endJobOrder);
      saved = result.data?.endJobOrder.jobOrder;
    }
    if (found.length === 0 && saved) setSavedEnd(saved.end ?? null);
    setErrors(found);
    if (found.length === 0) {
      setDone(action === 'extend' ? `Extended: ${placement.code} now runs ${values.date ? `until ${values.date}` : 'open-ended'}.` : `Ended: ${placement.code}'s last day is ${values.date}.`);
      setReviewed(null);
      onDone();
    }
  }

  const fieldErrors = new Set(['end', 'on', 'payee', 'code']);
  return (
    <Card withBorder component="section" aria-labelledby="placement-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="placement-title">
          Change the placement
        </Title>
        <SegmentedControl
          aria-label="What to do"
          data={ACTIONS}
          value={action}
          onChange={(v) => {
            setAction(v as PlacementAction);
            setReviewed(null);
            setErrors([]);
            setDone('');
          }}
          w="fit-content"
        />
        <Group align="flex-start" gap="sm">
          <TextInput label={DATE_LABEL[action]} type="date" value={values.date} onChange={(e) => set('date', e.currentTarget.value)} error={at('date')} />
          {action === 'replace' && (
            <>
              <TextInput label="New worker code" required value={values.payee} onChange={(e) => set('payee', e.currentTarget.value)} error={at('payee')} />
              <TextInput label="New job order code" required value={values.code} onChange={(e) => set('code', e.currentTarget.value)} error={at('code')} />
            </>
          )}
        </Group>
        <Group gap="sm">
          <Button variant="light" onClick={review}>
            Review
          </Button>
          <Button onClick={confirm} disabled={reviewed === null} loading={extending || ending || replacing}>
            {action === 'extend' ? 'Confirm extension' : action === 'end' ? 'Confirm end' : 'Confirm replacement'}
          </Button>
        </Group>
        {reviewed && (
          <Paper withBorder p="sm" data-testid="placement-preview" aria-live="polite">
            <Text size="sm" fw={600}>
              What will happen
            </Text>
            <List size="sm">
              {reviewed.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Paper>
        )}
        <ErrorList errors={errors.filter((e) => !fieldErrors.has(e.field ?? ''))} title="Not changed" />
        {done && (
          <Text size="sm" role="status">
            {done}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
