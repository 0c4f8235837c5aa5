import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { formatMoney, formatPercent } from '../lib/format';
import { ChartPanel } from './ChartPanel';
import { AccountPerformanceQuery } from './queries';

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** A client's account performance: revenue, margins, payment habit, work in progress. */
export function AccountPanel({ client, currency }: { client: string; currency: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccountPerformanceQuery, variables: { client } });
  const money = (v: string | number) => formatMoney(v, currency);
  return (
    <QueryState what="account performance" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(d) => {
        const a = d.accountPerformance;
        const p = a.payment;
        const f = a.figures;
        return (
          <Stack>
            <Text size="sm" c="dimmed">
              Weeks ending {a.from} to {a.to}
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {f && (
                <>
                  <Figure label="Revenue (after credits)" value={money(f.revenue)} testId="account-revenue" />
                  <Figure label="Gross margin" value={`${money(Number(f.grossMargin) - Number(f.credits))} (${formatPercent(f.grossMarginPercent)})`} />
                  <Figure label="Net margin" value={`${money(f.netMargin)} (${formatPercent(f.netMarginPercent)})`} />
                </>
              )}
              <Figure label="Open job orders" value={String(a.openJobOrders)} />
              <Figure label="Timesheets awaiting approval" value={String(a.timesheetsAwaitingApproval)} />
              <Figure label="Overdue" value={p ? money(p.overdue) : money(0)} />
              <Figure label="Recent days to pay" value={p?.recentDaysToPay ? `${p.recentDaysToPay} (terms ${p.paymentTermsDays})` : '—'} />
              <Figure label="Status" value={p?.late ? 'Paying late' : 'On terms'} testId="account-late" />
            </SimpleGrid>
            <ChartPanel
              title="DSO trend"
              categories={a.dsoTrend.map((t) => t.date)}
              series={[{ name: 'DSO (days)', kind: 'line', values: a.dsoTrend.map((t) => Number(t.dso ?? 0)) }]}
              table={{ columns: ['Week ending', 'DSO'], rows: a.dsoTrend.map((t) => [t.date, t.dso]) }}
              format={(v) => `${v} d`}
              testId="chart-dso"
            />
          </Stack>
        );
      }}
    </QueryState>
  );
}
