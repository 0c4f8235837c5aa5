import { Badge, Button, Stack, Table } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { formatDate, formatMoney } from '../lib/format';
import { ChartPanel } from './ChartPanel';
import { AgeingInvoicesQuery, LatePayersQuery } from './queries';

/** Clients' days to pay against terms, DSO and late flags; a client's open invoices on demand. */
export function LatePayersView({ entity, currency }: { entity: string | null; currency: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: LatePayersQuery, variables: { entity } });
  const [client, setClient] = useState<string | null>(null);
  const money = useMemo(() => (v: number | string) => formatMoney(v, currency), [currency]);
  return (
    <Stack>
      <QueryState what="late payers" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.latePayers.length === 0} empty="No receipts or open invoices yet.">
        {(d) => (
          <>
            <ChartPanel
              title="Days to pay against terms"
              categories={d.latePayers.map((p) => p.client)}
              series={[
                { name: 'Terms (days)', kind: 'bar', values: d.latePayers.map((p) => p.paymentTermsDays) },
                { name: 'Recent days to pay', kind: 'bar', values: d.latePayers.map((p) => Number(p.recentDaysToPay ?? 0)) },
                { name: 'DSO', kind: 'bar', values: d.latePayers.map((p) => Number(p.dso ?? 0)) },
              ]}
              table={{
                columns: ['Client', 'Name', 'Terms', 'Recent days to pay', 'Drift', 'Late', 'Outstanding', 'Overdue', 'DSO'],
                rows: d.latePayers.map((p) => [p.client, p.name, p.paymentTermsDays, p.recentDaysToPay, p.drift, p.late ? 'late' : '', p.outstanding, p.overdue, p.dso]),
              }}
              format={(v) => `${v} d`}
              testId="chart-late-payers"
            />
            <Table fz="sm" aria-label="Ageing by client">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th ta="right">Outstanding</Table.Th>
                  <Table.Th ta="right">Overdue</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.latePayers.map((p) => (
                  <Table.Tr key={p.client}>
                    <Table.Td>
                      {p.name} ({p.client})
                    </Table.Td>
                    <Table.Td ta="right">{money(p.outstanding)}</Table.Td>
                    <Table.Td ta="right">{money(p.overdue)}</Table.Td>
                    <Table.Td>{p.late ? <Badge color="red.8">Paying late</Badge> : <Badge color="gray">On terms</Badge>}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" onClick={() => setClient(client === p.client ? null : p.client)} aria-expanded={client === p.client}>
                        Invoices
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </QueryState>
      {client && <AgeingInvoices client={client} money={money} />}
    </Stack>
  );
}

function AgeingInvoices({ client, money }: { client: string; money: (v: string) => string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AgeingInvoicesQuery, variables: { client } });
  return (
    <QueryState what={`${client}'s open invoices`} fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.ageingInvoices.length === 0} empty="No open invoices.">
      {(d) => (
        <Table fz="sm" aria-label={`Open invoices of ${client}`} data-testid="ageing-invoices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Due now</Table.Th>
              <Table.Th ta="right">Days overdue</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.ageingInvoices.map((i) => (
              <Table.Tr key={i.number}>
                <Table.Td>{i.number}</Table.Td>
                <Table.Td>{formatDate(i.issueDate)}</Table.Td>
                <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                <Table.Td ta="right">{money(i.total)}</Table.Td>
                <Table.Td ta="right">{money(i.amountDue)}</Table.Td>
                <Table.Td ta="right">{i.daysOverdue}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}
