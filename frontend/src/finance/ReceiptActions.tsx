import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { MONEY_PLACES, numberProblem } from '../lib/numbers';
import { AllocationRows, allocationFields } from './AllocationRows';
import { AllocateReceiptMutation, RefundReceiptMutation, ReverseReceiptMutation } from './queries';

export type ReceiptAction = 'allocate' | 'refund' | 'reverse';

export interface ActionReceipt {
  id: string;
  reference: string;
  unapplied: string;
  amount: string;
  client: { code: string };
  entity: { currency: string };
}

const CONTEXT = { additionalTypenames: ['Receipt', 'Invoice', 'Journal'] };
const TITLES: Record<ReceiptAction, string> = { allocate: 'Allocate unapplied cash', refund: 'Refund unapplied cash', reverse: 'Reverse a bounced receipt' };

function moneyErrors(values: [string, string][]): UserError[] {
  return values.flatMap(([field, text]) => {
    const problem = text.trim() ? numberProblem(text, MONEY_PLACES) : 'Enter an amount.';
    return problem ? [{ field, code: 'INVALID_AMOUNT', message: problem }] : [];
  });
}

function AllocateForm({ receipt, onDone }: { receipt: ActionReceipt; onDone: (message: string) => void }) {
  const [rows, setRows] = useState([{ invoice: '', amount: '' }]);
  const [date, setDate] = useState(todayIso());
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, allocate] = useMutation(AllocateReceiptMutation);
  const setRow = (i: number, patch: Partial<{ invoice: string; amount: string }>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local = [
      ...rows.flatMap((r, i) => (r.invoice.trim() ? [] : [{ field: `allocations[${i}].invoice`, code: 'REQUIRED', message: 'Enter the invoice number.' }])),
      ...moneyErrors(rows.map((r, i) => [`allocations[${i}].amount`, r.amount])),
    ];
    if (local.length > 0) return setErrors(local);
    const allocations = rows.map((r) => ({ invoice: r.invoice.trim().toUpperCase(), amount: r.amount.trim() }));
    const result = await allocate({ input: { receipt: receipt.id, date, allocations } }, CONTEXT);
    const found = collectErrors(result.error, result.data?.allocateReceipt);
    setErrors(found);
    const left = result.data?.allocateReceipt.receipt?.unapplied;
    if (found.length === 0 && left !== undefined) onDone(`Allocated; ${formatMoney(left, receipt.entity.currency)} of ${receipt.reference} is still unapplied.`);
  }

  const shown = new Set(['date', ...allocationFields(rows)]);
  return (
    <form onSubmit={onSubmit} aria-label="Allocate unapplied cash" noValidate>
      <Stack gap="xs">
        <TextInput label="Allocation date" type="date" w={200} value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errorsAt(errors, 'date')} />
        <AllocationRows rows={rows} onChange={setRow} errors={errors} />
        <Group>
          <Button variant="default" onClick={() => setRows((all) => [...all, { invoice: '', amount: '' }])}>
            Add an invoice
          </Button>
          <Button type="submit" loading={fetching}>
            Allocate
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => !shown.has(e.field ?? ''))} title="Not allocated" />
      </Stack>
    </form>
  );
}

function RefundForm({ receipt, onDone }: { receipt: ActionReceipt; onDone: (message: string) => void }) {
  const [amount, setAmount] = useState(receipt.unapplied);
  const [reference, setReference] = useState('');
  const [date, setDate] = useState(todayIso());
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, refund] = useMutation(RefundReceiptMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local = moneyErrors([['amount', amount]]);
    if (local.length > 0) return setErrors(local);
    const result = await refund({ input: { receipt: receipt.id, amount: amount.trim(), reference: reference.trim(), date } }, CONTEXT);
    const found = collectErrors(result.error, result.data?.refundReceipt);
    setErrors(found);
    if (found.length === 0) onDone(`Refunded ${formatMoney(amount.trim(), receipt.entity.currency)} to ${receipt.client.code}.`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Refund unapplied cash" noValidate>
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput label="Refund amount" required w={160} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={errorsAt(errors, 'amount')} />
          <TextInput label="Refund date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errorsAt(errors, 'date')} />
          <TextInput label="Payment reference" w={220} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errorsAt(errors, 'reference')} />
        </Group>
        <Group>
          <Button type="submit" loading={fetching}>
            Refund
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => !['amount', 'date', 'reference'].includes(e.field ?? ''))} title="Not refunded" />
      </Stack>
    </form>
  );
}

function ReverseForm({ receipt, onDone }: { receipt: ActionReceipt; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(todayIso());
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, reverse] = useMutation(ReverseReceiptMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return setErrors([{ field: 'reason', code: 'REQUIRED', message: 'Give a reason (e.g. the bank dishonoured the payment).' }]);
    const result = await reverse({ input: { receipt: receipt.id, reason: reason.trim(), date } }, CONTEXT);
    const found = collectErrors(result.error, result.data?.reverseReceipt);
    setErrors(found);
    if (found.length === 0) onDone(`Receipt ${receipt.reference} reversed: the invoices it paid are owed again.`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Reverse a bounced receipt" noValidate>
      <Stack gap="xs">
        <Text size="sm">The invoices this receipt paid become owed again, and a reversal journal is posted.</Text>
        <Group align="flex-start">
          <TextInput label="Reason for reversal" required w={320} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorsAt(errors, 'reason')} />
          <TextInput label="Reversal date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errorsAt(errors, 'date')} />
        </Group>
        <Group>
          <Button type="submit" color="red" loading={fetching}>
            Reverse receipt
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => !['reason', 'date'].includes(e.field ?? ''))} title="Not reversed" />
      </Stack>
    </form>
  );
}

/** One action on one receipt, opened from its row; focus moves to its heading. */
export function ReceiptActionPanel({ receipt, action, onClose, onDone }: { receipt: ActionReceipt; action: ReceiptAction; onClose: () => void; onDone: (message: string) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [receipt.id, action]);
  const Form = action === 'allocate' ? AllocateForm : action === 'refund' ? RefundForm : ReverseForm;
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="receipt-action-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="receipt-action-title" ref={heading} tabIndex={-1}>
          {TITLES[action]}: {receipt.client.code} {receipt.reference}
        </Title>
        <Button variant="subtle" onClick={onClose}>
          Close
        </Button>
      </Group>
      <Text size="sm" mb="xs">
        Unapplied: {formatMoney(receipt.unapplied, receipt.entity.currency)} of {formatMoney(receipt.amount, receipt.entity.currency)}
      </Text>
      <Form key={`${receipt.id}-${action}-${receipt.unapplied}`} receipt={receipt} onDone={onDone} />
    </Paper>
  );
}

export function DoneNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="green" role="status" mb="md">
      {message}
    </Alert>
  );
}
