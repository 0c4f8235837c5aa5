import { Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { MONEY_PLACES, numberProblem } from '../lib/numbers';
import { ErrorList } from '../components/ErrorList';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { todayIso } from '../lib/dates';
import { CreditInvoiceMutation, RecordPaymentMutation } from './mutations';

interface InvoiceForActions {
  id: string;
  number: string;
  currency: string;
  amountDue: string;
  status: string;
  lines: { id: string; position: number; description: string; amount: string }[];
}

export function CreditNoteButton({ invoice }: { invoice: InvoiceForActions }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [rebill, setRebill] = useState(false);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<{ number: string; rebill: { id: string; number: string } | null } | null>(null);
  const [{ fetching }, credit] = useMutation(CreditInvoiceMutation);

  async function onConfirm() {
    if (!reason.trim()) {
      setErrors([{ field: 'reason', code: 'required', message: 'Give the reason for the credit.' }]);
      return;
    }
    const result = await credit({ input: { invoice: invoice.id, reason: reason.trim(), lines: lines.length > 0 ? lines : null, rebill } });
    const found = collectErrors(result.error, result.data?.creditInvoice);
    setErrors(found);
    const note = result.data?.creditInvoice.creditNote;
    if (found.length === 0 && note) {
      setDone({ number: note.number, rebill: result.data?.creditInvoice.rebill ?? null });
      setOpened(false);
      setReason('');
      setLines([]);
    }
  }

  const closed = invoice.status === 'CREDITED';
  return (
    <>
      <Button variant="light" color="grape" onClick={() => setOpened(true)} disabled={closed}>
        Credit note…
      </Button>
      {done && (
        <Text size="sm" c="green" role="status">
          Credit note {done.number} issued.
          {done.rebill && (
            <>
              {' '}Re-billed on <Link to={`/invoices/${encodeURIComponent(done.rebill.id)}`}>{done.rebill.number}</Link>.
            </>
          )}
        </Text>
      )}
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Credit invoice ${invoice.number}`} size="lg">
        <Stack>
          <Textarea label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorsAt(errors, 'reason')} data-autofocus autosize minRows={2} />
          <Checkbox.Group label="Lines to credit" description="None selected credits the whole invoice." value={lines} onChange={setLines}>
            <Stack gap={4} mt={4}>
              {invoice.lines.map((l, i) => (
                <Checkbox key={l.id} value={l.id} label={`${i + 1}. ${l.description} — ${formatMoney(l.amount, invoice.currency)}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Checkbox label="Re-bill the credited lines on a new invoice" checked={rebill} onChange={(e) => setRebill(e.currentTarget.checked)} />
          <ErrorList errors={errors.filter((e) => e.field !== 'reason')} title="No credit note issued" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="grape" onClick={onConfirm} loading={fetching}>
              Issue credit note
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function RecordPaymentButton({ invoice }: { invoice: InvoiceForActions }) {
  const [opened, setOpened] = useState(false);
  const [amount, setAmount] = useState(invoice.amountDue);
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, record] = useMutation(RecordPaymentMutation);

  async function onConfirm() {
    const problem = amount.trim() ? numberProblem(amount, MONEY_PLACES) : 'Enter the amount received.';
    if (problem) {
      setErrors([{ field: 'amount', code: 'invalid', message: problem }]);
      return;
    }
    const result = await record({ input: { invoice: invoice.id, amount: amount.trim(), receivedOn, reference: reference.trim() } });
    const found = collectErrors(result.error, result.data?.recordPayment);
    setErrors(found);
    if (found.length === 0) setOpened(false);
  }

  return (
    <>
      <Button variant="light" onClick={() => { setAmount(invoice.amountDue); setOpened(true); }} disabled={Number(invoice.amountDue) <= 0}>
        Record payment…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Payment for ${invoice.number}`}>
        <Stack>
          <TextInput label={`Amount (${invoice.currency})`} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} inputMode="decimal" error={numberProblem(amount, MONEY_PLACES) ?? errorsAt(errors, 'amount')} data-autofocus />
          <TextInput label="Received on" type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.currentTarget.value)} error={errorsAt(errors, 'receivedOn')} />
          <TextInput label="Reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          <ErrorList errors={errors.filter((e) => e.field !== 'amount' && e.field !== 'receivedOn')} title="Payment not recorded" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button onClick={onConfirm} loading={fetching}>
              Record payment
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
