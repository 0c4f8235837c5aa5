import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { FormResult } from '../components/FormResult';
import { Money } from '../components/Money';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate, sumMoney } from '../lib/format';
import { MONEY_PLACES, numberProblem } from '../lib/numbers';
import { ManualJournalsQuery, PostJournalMutation } from './queries';

interface Line {
  account: string;
  debit: string;
  credit: string;
}

const EMPTY: Line = { account: '', debit: '', credit: '' };

/** Problems the browser can see before sending (the server checks again, by the same paths). */
export function journalProblems(reason: string, lines: Line[]): UserError[] {
  const found: UserError[] = [];
  if (!reason.trim()) found.push({ field: 'reason', code: 'REQUIRED', message: 'Give a reason.' });
  lines.forEach((line, i) => {
    if (!line.account) found.push({ field: `lines[${i}].account`, code: 'REQUIRED', message: 'Choose an account.' });
    for (const side of ['debit', 'credit'] as const) {
      const problem = numberProblem(line[side], MONEY_PLACES);
      if (problem) found.push({ field: `lines[${i}].${side}`, code: 'INVALID_AMOUNT', message: problem });
    }
    if (!line.debit.trim() === !line.credit.trim()) found.push({ field: `lines[${i}].debit`, code: 'INVALID_AMOUNT', message: 'Give a debit or a credit (one of them).' });
  });
  return found;
}

/** Post a balanced manual journal with a reason (accountants: finance or admin role). */
export function ManualJournalCard({ entity, currency }: { entity: string; currency: string }) {
  const [{ data }] = useQuery({ query: ManualJournalsQuery, variables: { entity, filters: { entity, source: 'MANUAL' } }, context: CONTEXT });
  const [date, setDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<Line[]>([{ ...EMPTY }, { ...EMPTY }]);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, post] = useMutation(PostJournalMutation);
  const setLine = (i: number, patch: Partial<Line>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const debits = sumMoney(lines.map((l) => (numberProblem(l.debit, MONEY_PLACES) ? 0 : l.debit || 0)));
  const credits = sumMoney(lines.map((l) => (numberProblem(l.credit, MONEY_PLACES) ? 0 : l.credit || 0)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const local = journalProblems(reason, lines);
    if (local.length > 0) {
      setErrors(local);
      return;
    }
    const input = { entity, date, reason: reason.trim(), lines: lines.map((l) => ({ account: l.account, debit: l.debit.trim() || '0', credit: l.credit.trim() || '0' })) };
    const result = await post({ input }, CONTEXT);
    const found = collectErrors(result.error, result.data?.postJournal);
    setErrors(found);
    if (found.length === 0) {
      setDone(`Journal posted on ${formatDate(date)}: ${reason.trim()}.`);
      setReason('');
      setLines([{ ...EMPTY }, { ...EMPTY }]);
    }
  }

  const accounts = data?.accountBalances.map((b) => b.account) ?? [];
  const shown = new Set(['date', 'reason', ...lines.flatMap((_, i) => [`lines[${i}].account`, `lines[${i}].debit`, `lines[${i}].credit`])]);
  const journals = data?.journals.edges.map((e) => e.node) ?? [];
  return (
    <Card withBorder>
      <form onSubmit={onSubmit} aria-label="Post a manual journal" noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Manual journal
          </Title>
          <Group align="flex-start">
            <TextInput label="Journal date" type="date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errorsAt(errors, 'date')} />
            <TextInput label="Reason" required w={360} maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorsAt(errors, 'reason')} />
          </Group>
          {lines.map((line, i) => (
            <Group key={i} align="flex-start" role="group" aria-label={`Line ${i + 1}`}>
              <NativeSelect
                label={`Line ${i + 1} account`}
                w={260}
                value={line.account}
                onChange={(e) => setLine(i, { account: e.currentTarget.value })}
                error={errorsAt(errors, `lines[${i}].account`)}
                data={[{ value: '', label: 'Choose an account' }, ...accounts.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))]}
              />
              <TextInput label={`Line ${i + 1} debit`} w={140} inputMode="decimal" value={line.debit} onChange={(e) => setLine(i, { debit: e.currentTarget.value })} error={errorsAt(errors, `lines[${i}].debit`)} />
              <TextInput label={`Line ${i + 1} credit`} w={140} inputMode="decimal" value={line.credit} onChange={(e) => setLine(i, { credit: e.currentTarget.value })} error={errorsAt(errors, `lines[${i}].credit`)} />
            </Group>
          ))}
          <Text size="sm" aria-live="polite" data-testid="journal-totals">
            Debits <Money amount={debits} currency={currency} /> · credits <Money amount={credits} currency={currency} />
            {debits === credits ? ' · balanced' : ' · not balanced yet'}
          </Text>
          <Group>
            <Button variant="default" onClick={() => setLines((all) => [...all, { ...EMPTY }])}>
              Add a line
            </Button>
            {lines.length > 2 && (
              <Button variant="default" onClick={() => setLines((all) => all.slice(0, -1))}>
                Remove the last line
              </Button>
            )}
            <Button type="submit" loading={fetching}>
              Post journal
            </Button>
          </Group>
          <FormResult errors={errors} atFields={shown} title="Journal not posted" done={done} />
        </Stack>
      </form>
      {journals.length > 0 && (
        <Table aria-label="Recent manual journals" mt="md" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Lines</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {journals.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>{formatDate(j.date)}</Table.Td>
                <Table.Td>{j.memo}</Table.Td>
                <Table.Td>
                  {j.lines.map((l) => (
                    <div key={`${l.account.code}-${l.debit}-${l.credit}`}>
                      {l.account.code} {Number(l.debit) > 0 ? 'Dr' : 'Cr'} <Money amount={Number(l.debit) > 0 ? l.debit : l.credit} currency={j.entity.currency} />
                    </div>
                  ))}
                </Table.Td>
                <Table.Td>{j.createdBy ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

const CONTEXT = { additionalTypenames: ['Journal', 'AccountBalance'] };
