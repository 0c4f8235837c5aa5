import { Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { MONEY_PLACES, numberProblem } from '../lib/numbers';
import { ErrorList } from '../components/ErrorList';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { todayIso } from '../lib/dates';
import { CreditInvoiceMutation, RecordPaymentMutation, SendDocumentMutation } from './mutations';

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
  const [reopen, setReopen] = useState(false);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<{ number: string; rebill: { id: string; number: string } | null } | null>(null);
  const [{ fetching }, credit] = useMutation(CreditInvoiceMutation);

  async function onConfirm() {
    if (!reason.trim()) {
      setErrors([{ field: 'reason', code: 'required', message: 'Give the reason for the credit.' }]);
      return;
    }
    const result = await credit({ input: { invoice: invoice.id, reason: reason.trim(), lines: lines.length > 0 ? lines : null, rebill, reopen } });
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
          <Checkbox label="Re-bill the credited lines on a new invoice" checked={rebill} onChange={(e) => { setRebill(e.currentTarget.checked); if (e.currentTarget.checked) setReopen(false); }} />
          <Checkbox
            label="Re-open the timesheets for correction (hours or a rate were wrong)"
            description="The corrected timesheets are billed again by the next billing run."
            checked={reopen}
            onChange={(e) => { setReopen(e.currentTarget.checked); if (e.currentTarget.checked) setRebill(false); }}
            error={errorsAt(errors, 'reopen')}
          />
          <ErrorList errors={errors.filter((e) => e.field !== 'reason' && e.field !== 'reopen')} title="No credit note issued" />
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

export function EmailInvoiceButton({ invoice }: { invoice: { id: string; number: string } }) {
  const [opened, setOpened] = useState(false);
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, send] = useMutation(SendDocumentMutation);

  async function onConfirm() {
    const recipients = to.split(/[,;\s]+/).filter(Boolean);
    const result = await send({ input: { kind: 'INVOICE', invoice: invoice.id, to: recipients.length > 0 ? recipients : null } });
    const found = collectErrors(result.error, result.data?.sendDocument);
    setErrors(found);
    if (found.length === 0) {
      setDone(`Invoice ${invoice.number} queued for ${result.data?.sendDocument.delivery?.recipients.join(', ')}.`);
      setOpened(false);
    }
  }

  return (
    <>
      <Button variant="light" color="teal" onClick={() => setOpened(true)}>
        Email invoice…
      </Button>
      {done && (
        <Text size="sm" c="green" role="status">
          {done}
        </Text>
      )}
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Email invoice ${invoice.number}`}>
        <Stack>
          <TextInput
            label="Recipients"
            description="Email addresses, separated by commas; empty sends to the client's billing contacts."
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={errorsAt(errors, 'to')}
            data-autofocus
          />
          <ErrorList errors={errors.filter((e) => !(e.field ?? '').startsWith('to'))} title="Not sent" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="teal" onClick={onConfirm} loading={fetching}>
              Send with the PDF
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
