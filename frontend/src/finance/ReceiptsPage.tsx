import { Badge, Button, Card, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { FormResult } from '../components/FormResult';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { AllocationRows, allocationFields, type AllocationRow } from './AllocationRows';
import { ExportLinks } from './ExportLinks';
import { DoneNotice, ReceiptActionPanel, type ReceiptAction } from './ReceiptActions';
import { ReceiptsQuery, RecordReceiptMutation } from './queries';

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

  const shown = new Set(['client', 'amount', 'date', 'reference', ...allocationFields(rows)]);
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
          <AllocationRows rows={rows} onChange={setRow} errors={errors} labelledBy="allocations-label" />
          <Group>
            <Button variant="default" onClick={() => setRows((all) => [...all, { invoice: '', amount: '' }])}>
              Add an invoice
            </Button>
            <Button type="submit" loading={fetching}>
              Record receipt
            </Button>
          </Group>
          <FormResult errors={errors} atFields={shown} title="Receipt not recorded" done={done} />
        </Stack>
      </form>
    </Paper>
  );
}

export default function ReceiptsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReceiptsQuery, variables: { first: 50 } });
  const { can } = useViewer();
  const mayAct = can('record_payment');
  const [open, setOpen] = useState<{ id: string; action: ReceiptAction } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const selected = open && data?.receipts.edges.find((e) => e.node.id === open.id)?.node;
  return (
    <>
      <PageHeader title="Receipts" actions={<ExportLinks list="receipts" />} />
      {mayAct ? <RecordReceiptForm /> : <Text mb="md">Recording, allocating, refunding and reversing receipts needs the finance or admin role.</Text>}
      <DoneNotice message={notice} />
      {open && selected && (
        <ReceiptActionPanel
          receipt={selected}
          action={open.action}
          onClose={() => setOpen(null)}
          onDone={(message) => {
            setNotice(message);
            setOpen(null);
          }}
        />
      )}
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
                    {mayAct && <Table.Th>Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.receipts.edges.map(({ node: r }) => (
                    <Table.Tr key={r.id} data-testid="receipt-row" data-reference={r.reference} data-status={r.status}>
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
                      {mayAct && (
                        <Table.Td>
                          {r.status !== 'REVERSED' && (
                            <Group gap={4} wrap="nowrap">
                              {Number(r.unapplied) > 0 && (
                                <>
                                  <Button size="compact-sm" variant="light" aria-label={`Allocate ${r.reference}`} onClick={() => { setNotice(null); setOpen({ id: r.id, action: 'allocate' }); }}>
                                    Allocate
                                  </Button>
                                  <Button size="compact-sm" variant="light" aria-label={`Refund ${r.reference}`} onClick={() => { setNotice(null); setOpen({ id: r.id, action: 'refund' }); }}>
                                    Refund
                                  </Button>
                                </>
                              )}
                              {Number(r.refunded) === 0 && (
                                <Button size="compact-sm" variant="light" color="red" aria-label={`Reverse ${r.reference}`} onClick={() => { setNotice(null); setOpen({ id: r.id, action: 'reverse' }); }}>
                                  Reverse
                                </Button>
                              )}
                            </Group>
                          )}
                        </Table.Td>
                      )}
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
