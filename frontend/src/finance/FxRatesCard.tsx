import { Button, Card, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { FormResult } from '../components/FormResult';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { FxRatesQuery, SetFxRatesMutation } from './queries';

const CONTEXT = { additionalTypenames: ['FxRate'] };

/** A rate typed in: a number above 0 with at most 8 decimal places. */
function rateProblem(text: string): string | null {
  const value = text.trim();
  if (!value) return 'Enter the rate.';
  if (!/^\d*\.?\d+$/.test(value) || Number(value) <= 0) return 'Enter a number above 0, e.g. 1.0850.';
  if ((value.split('.')[1] ?? '').length > 8) return 'At most 8 decimal places.';
  return null;
}

/** Dated FX rates for consolidation: the newest, and a form to enter one (finance or admin role). */
export function FxRatesCard({ canEdit }: { canEdit: boolean }) {
  const [{ data }] = useQuery({ query: FxRatesQuery, context: CONTEXT });
  const [form, setForm] = useState({ date: todayIso(), base: 'NZD', quote: 'AUD', rate: '' });
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SetFxRatesMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const problem = rateProblem(form.rate);
    if (problem) {
      setErrors([{ field: 'rates[0].rate', code: 'INVALID', message: problem }]);
      return;
    }
    const rate = { date: form.date, base: form.base.trim().toUpperCase(), quote: form.quote.trim().toUpperCase(), rate: form.rate.trim() };
    const result = await save({ rates: [rate] }, CONTEXT);
    const found = collectErrors(result.error, result.data?.setFxRates);
    setErrors(found);
    if (found.length === 0) setDone(`1 ${rate.base} = ${rate.rate} ${rate.quote} from ${formatDate(rate.date)}.`);
  }

  const shown = new Set(['date', 'base', 'quote', 'rate'].map((f) => `rates[0].${f}`));
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        FX rates
      </Title>
      {canEdit && (
        <form onSubmit={onSubmit} aria-label="Enter an FX rate" noValidate>
          <Stack gap="xs" mb="sm">
            <Group align="flex-start">
              <TextInput label="Rate date" type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.currentTarget.value })} error={errorsAt(errors, 'rates[0].date')} />
              <TextInput label="1 unit of (currency)" required w={140} maxLength={3} value={form.base} onChange={(e) => setForm({ ...form, base: e.currentTarget.value })} error={errorsAt(errors, 'rates[0].base')} />
              <TextInput label="Is worth (currency)" required w={140} maxLength={3} value={form.quote} onChange={(e) => setForm({ ...form, quote: e.currentTarget.value })} error={errorsAt(errors, 'rates[0].quote')} />
              <TextInput label="Rate" required w={140} inputMode="decimal" value={form.rate} onChange={(e) => setForm({ ...form, rate: e.currentTarget.value })} error={errorsAt(errors, 'rates[0].rate')} />
              <Button type="submit" loading={fetching} mt={25}>
                Save rate
              </Button>
            </Group>
            <FormResult errors={errors} atFields={shown} title="Rate not saved" done={done} />
          </Stack>
        </form>
      )}
      <Table aria-label="FX rates" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>From</Table.Th>
            <Table.Th>Pair</Table.Th>
            <Table.Th ta="right">Rate</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.fxRates ?? []).slice(0, 12).map((r) => (
            <Table.Tr key={`${r.date}-${r.base}-${r.quote}`}>
              <Table.Td>{formatDate(r.date)}</Table.Td>
              <Table.Td>
                {r.base}/{r.quote}
              </Table.Td>
              <Table.Td ta="right">{r.rate}</Table.Td>
              <Table.Td>{r.source}</Table.Td>
            </Table.Tr>
          ))}
          {data && data.fxRates.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>No rates yet.</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
