import { Alert, Badge, Button, Card, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { ExportLinks } from './ExportLinks';
import { ReceiptsQuery, RecordReceiptMutation } from './queries';

interface AllocationRow {
  invoice: string;
  amount: string;
}

/** Record a remittance: one receipt applied to several invoices, the rest held on account. */
function RecordReceiptForm() {
  const [client, setClient] = useState('');
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(todayIso());
  const [reference, setReference] = useState('');
  const [rows, setRows] = useState<AllocationRow[]>([{ invoice: '', amount: '' }]);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, record] = useMutation(RecordReceiptMutation);
  const setRow = (i: number, patch: Partial<AllocationRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const allocations = rows.filter((r) => r.invoice.trim()).map((r) => ({ invoice: r.invoice.trim(), amount: r.amount.trim() }));
    const result = await record({ input: { client: client.trim().toUpperCase(), amount: amount.trim(), date, reference: reference.trim(), allocations } }, { additionalTypenames: ['Receipt', 'Invoice'] });
    const found = collectErrors(result.error, result.data?.recordReceipt);
    setErrors(found);
    const receipt = result.data?.recordReceipt.receipt;
    if (found.length === 0 && receipt) {
      setDone(`Receipt recorded: ${receipt.allocations.length} invoice(s), ${receipt.unapplied} held on account.`);
      setRows([{ invoice: '', amount: '' }]);
      setAmount('');
      setReference('');
    }
  }

  const shown = new Set(['client', 'amount', 'date', 'reference', ...rows.flatMap((_, i) => [`allocations[${i}].invoice`, `allocations[${i}].amount`])]);
  return (
    <Paper withBorder p="md" mb="md">
      <form onSubmit={onSubmit} aria-label="Record a receipt">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Record a receipt
          </Title>
          <Group align="flex-start">
            <TextInput label="Client code" required w={140} value={client} onChange={(e) => setClient(e.currentTarget.value)} error={errorsAt(errors, 'client')} />
            <TextInput label="Amount received" required w={160} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={errorsAt(errors, 'amount')} />
            <TextInput label="Date received" type="date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} error={errorsAt(errors, 'date')} />
            <TextInput label="Reference" required w={200} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errorsAt(errors, 'reference')} />
          </Group>
          <Text size="sm" fw={600} id="allocations-label">
            Apply to invoices (the rest is held on the client's account)
          </Text>
          {rows.map((row, i) => (
            <Group key={i} align="flex-start" role="group" aria-labelledby="allocations-label">
              <TextInput label={`Invoice ${i + 1}`} placeholder="AU-000123" w={180} value={row.invoice} onChange={(e) => setRow(i, { invoice: e.currentTarget.value })} error={errorsAt(errors, `allocations[${i}].invoice`)} />
              <TextInput label={`Amount for invoice ${i + 1}`} w={180} inputMode="decimal" value={row.amount} onChange={(e) => setRow(i, { amount: e.currentTarget.value })} error={errorsAt(errors, `allocations[${i}].amount`)} />
            </Group>
          ))}
          <Group>
            <Button variant="default" onClick={() => setRows((all) => [...all, { invoice: '', amount: '' }])}>
              Add an invoice
            </Button>
            <Button type="submit" loading={fetching}>
              Record receipt
            </Button>
          </Group>
          <ErrorList errors={errors.filter((e) => !shown.has(e.field ?? ''))} title="Receipt not recorded" />
          {done && (
            <Alert color="green" role="status">
              {done}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

export default function ReceiptsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReceiptsQuery, variables: { first: 50 } });
  return (
    <>
      <PageHeader title="Receipts" actions={<ExportLinks list="receipts" />} />
      <RecordReceiptForm />
      <Card withBorder>
        <QueryState fetching={fetching} error={error} data={data} what="receipts" isEmpty={(d) => d.receipts.edges.length === 0} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
          {(d) => (
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Receipts" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Client</Table.Th>
                    <Table.Th>Reference</Table.Th>
                    <Table.Th>Applied to</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                    <Table.Th ta="right">Unapplied</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.receipts.edges.map(({ node: r }) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{formatDate(r.receivedOn)}</Table.Td>
                      <Table.Td>{r.client.code}</Table.Td>
                      <Table.Td>{r.reference}</Table.Td>
                      <Table.Td>{r.allocations.map((a) => a.invoice.number).join(', ') || '—'}</Table.Td>
                      <Table.Td ta="right">
                        <Money amount={r.amount} currency={r.entity.currency} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money amount={r.unapplied} currency={r.entity.currency} />
                      </Table.Td>
                      <Table.Td>
                        <Badge color={r.status === 'REVERSED' ? 'red' : 'green'} variant="light">
                          {r.status === 'REVERSED' ? 'Reversed' : 'Active'}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Card>
    </>
  );
}
