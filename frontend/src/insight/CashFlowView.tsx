import { Alert, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { QueryState } from '../components/QueryState';
import type { CashFlowQuery as CashFlowResult, CashFlowScenarioInput } from '../graphql';
import { formatDate, formatMoney, humanize } from '../lib/format';
import { ChartPanel } from './ChartPanel';
import { CashFlowChangedSubscription, CashFlowQuery } from './queries';

type Week = CashFlowResult['cashFlow']['weeks'][number];

/** The 13-week cash flow of one entity (or the group): bars in and out, the balance line, the gap. */
export function CashFlowView({ entity }: { entity: string | null }) {
  const [opening, setOpening] = useState<string>('');
  const [delayClient, setDelayClient] = useState('');
  const [delayDays, setDelayDays] = useState<number | string>('');
  const [endJob, setEndJob] = useState('');
  const [endDate, setEndDate] = useState('');
  const [applied, setApplied] = useState<CashFlowScenarioInput | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const group = entity === null;
  const variables = useMemo(
    () => ({ entity, group, openingBalance: opening === '' ? null : opening, scenario: applied }),
    [entity, group, opening, applied],
  );
  const [{ data, fetching, error }, refetch] = useQuery({ query: CashFlowQuery, variables, requestPolicy: 'cache-and-network' });
  const [{ data: pushed }] = useSubscription({ query: CashFlowChangedSubscription, variables: { entity }, pause: group });
  const seen = useRef<unknown>(null);
  useEffect(() => {
    if (pushed && pushed !== seen.current) {
      seen.current = pushed;
      refetch({ requestPolicy: 'network-only' });
    }
  }, [pushed, refetch]);

  const apply = () => {
    const scenario: CashFlowScenarioInput = { clientDelays: [], placementEnds: [] };
    if (delayClient && delayDays !== '') scenario.clientDelays = [{ client: delayClient, days: Number(delayDays) }];
    if (endJob && endDate) scenario.placementEnds = [{ jobOrder: endJob, end: endDate }];
    setApplied(scenario.clientDelays!.length || scenario.placementEnds!.length ? scenario : null);
  };

  return (
    <Stack>
      <Group align="end" wrap="wrap">
        <TextInput label="Opening bank balance" description="Empty: the ledger's bank balance" value={opening} onChange={(e) => setOpening(e.currentTarget.value)} w={200} />
        <TextInput label="Client paying later (code)" value={delayClient} onChange={(e) => setDelayClient(e.currentTarget.value)} w={180} />
        <NumberInput label="Days later" value={delayDays} onChange={setDelayDays} w={110} min={-90} max={365} />
        <TextInput label="Placement ending early (job order)" value={endJob} onChange={(e) => setEndJob(e.currentTarget.value)} w={220} />
        <TextInput label="Last day" type="date" value={endDate} onChange={(e) => setEndDate(e.currentTarget.value)} w={160} />
        <Button onClick={apply}>Apply what-if</Button>
        {applied && (
          <Button variant="subtle" onClick={() => setApplied(null)}>
            Clear what-if
          </Button>
        )}
      </Group>
      <QueryState what="the cash flow" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => <CashFlowChart flow={d.cashFlow} selected={selected} onSelect={setSelected} />}
      </QueryState>
    </Stack>
  );
}

function CashFlowChart({ flow, selected, onSelect }: { flow: CashFlowResult['cashFlow']; selected: number | null; onSelect: (i: number) => void }) {
  const money = useMemo(() => (v: number | string) => formatMoney(v, flow.currency), [flow.currency]);
  const categories = useMemo(() => flow.weeks.map((w) => w.weekStarting), [flow.weeks]);
  const series = useMemo(
    () => [
      { name: 'Receipts', kind: 'bar' as const, values: flow.weeks.map((w) => Number(w.receipts)) },
      { name: 'Payments', kind: 'bar' as const, values: flow.weeks.map((w) => -Number(w.payments)) },
      { name: 'Closing balance', kind: 'line' as const, values: flow.weeks.map((w) => Number(w.closing)) },
    ],
    [flow.weeks],
  );
  const table = {
    columns: ['Week starting', 'Opening', 'Receipts', 'Net pay', 'PAYG', 'Super', 'Payroll tax', 'Other oncosts', 'GST', 'Payments', 'Closing'],
    rows: flow.weeks.map((w: Week) => [w.weekStarting, w.opening, w.receipts, w.netPay, w.payg, w.superannuation, w.payrollTax, w.oncosts, w.gst, w.payments, w.closing]),
  };
  const week = selected !== null ? flow.weeks[selected] : null;
  return (
    <Stack>
      {flow.gapWeek ? (
        <Alert color="red" title="Cash gap" data-testid="cash-gap">
          The balance goes below zero in the week of {formatDate(flow.gapWeek)}; the lowest point is {money(flow.lowestBalance)} in the week of{' '}
          {formatDate(flow.lowestWeek)}.
        </Alert>
      ) : (
        <Alert color="green" title="No cash gap" data-testid="cash-gap">
          The balance stays above zero; the lowest point is {money(flow.lowestBalance)} in the week of {formatDate(flow.lowestWeek)}.
        </Alert>
      )}
      <ChartPanel title={`13-week cash flow · ${flow.entity}`} categories={categories} series={series} table={table} format={money} testId="chart-cash-flow" onSelect={onSelect}>
        <Text size="xs" c="dimmed" mt="xs">
          Opening balance {money(flow.openingBalance)}; receipts expected after week 13: {money(flow.receiptsLater)}. Select a bar (or a week below) to see what it is made of.
        </Text>
        <Select
          mt="xs"
          label="Week to drill into"
          value={selected === null ? null : String(selected)}
          onChange={(v) => v !== null && onSelect(Number(v))}
          data={flow.weeks.map((w, i) => ({ value: String(i), label: `Week of ${formatDate(w.weekStarting)}` }))}
          w={260}
        />
      </ChartPanel>
      {week && (
        <Table fz="sm" aria-label={`Cash movements in the week of ${week.weekStarting}`} data-testid="cash-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Reference</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th ta="right">In</Table.Th>
              <Table.Th ta="right">Out</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {week.items.map((i, n) => (
              <Table.Tr key={n}>
                <Table.Td>{formatDate(i.date)}</Table.Td>
                <Table.Td>{humanize(i.kind)}</Table.Td>
                <Table.Td>{i.reference}</Table.Td>
                <Table.Td>{i.client}</Table.Td>
                <Table.Td ta="right">{i.incoming ? money(i.amount) : ''}</Table.Td>
                <Table.Td ta="right">{i.incoming ? '' : money(i.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
