import { Stack, Table, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { formatDate, formatMoney } from '../lib/format';
import { ChartPanel } from './ChartPanel';
import { PeopleQuery } from './queries';

function isoDaysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Consultant performance and worker utilisation of the last 13 weeks; the redeployment list. */
export function PeopleView({ currency }: { currency: string }) {
  const variables = useMemo(() => ({ from: isoDaysAgo(91), to: isoDaysAgo(0) }), []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PeopleQuery, variables });
  const money = useMemo(() => (v: number | string) => formatMoney(v, currency), [currency]);
  return (
    <QueryState what="consultants and workers" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(d) => (
        <Stack>
          <ChartPanel
            title="Consultants · last 13 weeks"
            categories={d.consultantPerformance.map((c) => c.consultant || '(unassigned)')}
            series={[
              { name: 'Revenue', kind: 'bar', values: d.consultantPerformance.map((c) => Number(c.figures.revenue)) },
              { name: 'Net margin', kind: 'bar', values: d.consultantPerformance.map((c) => Number(c.figures.netMargin)) },
            ]}
            table={{
              columns: ['Consultant', 'Active placements', 'Placements worked', 'Hours', 'Revenue', 'Gross margin', 'Net margin'],
              rows: d.consultantPerformance.map((c) => [c.consultant || '(unassigned)', c.activePlacements, c.figures.placements, c.figures.hours, c.figures.revenue, c.figures.grossMargin, c.figures.netMargin]),
            }}
            format={money}
            testId="chart-consultants"
          />
          <ChartPanel
            title="Worker utilisation · last 13 weeks"
            categories={d.workerUtilisation.map((u) => u.name)}
            series={[{ name: 'Utilisation %', kind: 'bar', values: d.workerUtilisation.map((u) => Number(u.percent ?? 0)) }]}
            table={{ columns: ['Worker', 'Name', 'Hours worked', 'Hours available', 'Utilisation %'], rows: d.workerUtilisation.map((u) => [u.payee, u.name, u.hoursWorked, u.hoursAvailable, u.percent]) }}
            format={(v) => `${v} %`}
            testId="chart-utilisation"
          />
          <Title order={2} size="h5">
            Finishing in the next 4 weeks (to redeploy)
          </Title>
          <Table fz="sm" aria-label="Workers finishing in the next 4 weeks" data-testid="redeployment">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Worker</Table.Th>
                <Table.Th>Job order</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>Consultant</Table.Th>
                <Table.Th>Ends</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.redeployment.map((e) => (
                <Table.Tr key={e.jobOrder}>
                  <Table.Td>{e.payeeName}</Table.Td>
                  <Table.Td>
                    {e.jobOrder} {e.title}
                  </Table.Td>
                  <Table.Td>{e.client}</Table.Td>
                  <Table.Td>{e.consultant}</Table.Td>
                  <Table.Td>{formatDate(e.end)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </QueryState>
  );
}
