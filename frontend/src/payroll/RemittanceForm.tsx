import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { RecordPayrollRemittanceMutation } from './mutations';

export interface RemittableRow {
  kind: string;
  counterparty: string;
  payDate?: string | null;
  amount: string;
  fundUsi: string;
}

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Record PAYG paid to the tax office, or super paid to a fund, for one payables row. */
export function RemittanceForm({ entity, currency, row, onClose, onDone }: { entity: string; currency: string; row: RemittableRow; onClose(): void; onDone(): void }) {
  const [amount, setAmount] = useState(row.amount);
  const [paidOn, setPaidOn] = useState(today());
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, record] = useMutation(RecordPayrollRemittanceMutation);
  const what = row.kind === 'PAYG' ? 'PAYG withheld' : 'super';

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = {
      entity,
      kind: row.kind as 'PAYG' | 'SUPER',
      payDate: row.payDate ?? '',
      amount: amount.trim(),
      paidOn,
      reference: reference.trim(),
      ...(row.kind === 'SUPER' ? { fund: row.fundUsi || row.counterparty } : {}),
    };
    const result = await record({ input });
    const found = collectErrors(result.error, result.data?.recordPayrollRemittance);
    setErrors(found);
    if (found.length === 0) onDone();
  }

  const unplaced = errors.filter((e) => !['amount', 'paidOn', 'reference'].includes(e.field ?? ''));
  return (
    <Modal opened onClose={onClose} title={`Record ${what} paid to ${row.counterparty}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            For the pay date {formatDate(row.payDate)}: <Money amount={row.amount} currency={currency} /> still owed.
          </Text>
          <TextInput label="Amount paid" required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={errorsAt(errors, 'amount')} />
          <TextInput label="Paid on" type="date" required value={paidOn} onChange={(e) => setPaidOn(e.currentTarget.value)} error={errorsAt(errors, 'paidOn')} />
          <TextInput label="Reference" description="The payment's reference, e.g. the BPAY receipt" value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errorsAt(errors, 'reference')} />
          <ErrorList errors={unplaced} />
          {errors.length > 0 && unplaced.length === 0 && (
            <Alert color="red" role="alert" title="Not recorded">
              See the fields above.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Record payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
