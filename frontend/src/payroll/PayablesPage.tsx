import { Autocomplete, Button, Group, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { EntitiesQuery } from '../billing/queries';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { PayablesQuery } from './queries';
import { RemittanceForm, type RemittableRow } from './RemittanceForm';

const KINDS: Record<string, string> = { NET_PAY: 'Net pay', PAYG: 'PAYG withheld', SUPER: 'Super', RCTI: 'RCTI' };

export default function PayablesPage() {
  const [{ data: known }] = useQuery({ query: EntitiesQuery });
  const entities = known?.entities ?? [];
  const [chosen, setChosen] = useState('');
  const entity = (chosen || entities[0]?.code || '').toUpperCase();
  const currency = entities.find((e) => e.code === entity)?.currency ?? 'AUD';
  const [{ data, fetching, error }, refetch] = useQuery({ query: PayablesQuery, variables: { entity }, pause: !entity, requestPolicy: 'cache-and-network' });
  const [paying, setPaying] = useState<RemittableRow | null>(null);
  return (
    <>
      <PageHeader title="Payables" />
      <Stack>
        <Group>
          <Autocomplete label="Entity" data={entities.map((e) => e.code)} value={chosen || entity} onChange={setChosen} w={160} />
        </Group>
        <QueryState what="payables" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.payables.length === 0} empty="Nothing is owed.">
          {(d) => (
            <Table.ScrollContainer minWidth={860}>
              <Table striped aria-label="Payables">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Due</Table.Th>
                    <Table.Th>What</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th>Pay date</Table.Th>
                    <Table.Th ta="right">Paid so far</Table.Th>
                    <Table.Th ta="right">Still owed</Table.Th>
                    <Table.Th>Action</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.payables.map((p, i) => (
                    <Table.Tr key={`${p.kind}-${p.counterparty}-${p.dueDate}-${i}`}>
                      <Table.Td>{formatDate(p.dueDate)}</Table.Td>
                      <Table.Td>{KINDS[p.kind] ?? p.kind}</Table.Td>
                      <Table.Td>{p.payee ? `${p.payee.name} (${p.payee.code})` : p.counterparty}</Table.Td>
                      <Table.Td>{formatDate(p.payDate)}</Table.Td>
                      <Table.Td ta="right">{p.kind === 'PAYG' || p.kind === 'SUPER' ? <Money amount={p.paid} currency={currency} /> : null}</Table.Td>
                      <Table.Td ta="right"><Money amount={p.amount} currency={currency} /></Table.Td>
                      <Table.Td>
                        {(p.kind === 'PAYG' || p.kind === 'SUPER') && (
                          <Button size="xs" variant="light" onClick={() => setPaying(p)} aria-label={`Record ${KINDS[p.kind]} paid to ${p.counterparty} for ${formatDate(p.payDate)}`}>
                            Record payment
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Stack>
      {paying && (
        <RemittanceForm
          entity={entity}
          currency={currency}
          row={paying}
          onClose={() => setPaying(null)}
          onDone={() => {
            setPaying(null);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </>
  );
}
