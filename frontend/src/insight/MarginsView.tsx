import { Group, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { QueryState } from '../components/QueryState';
import type { MarginDimension } from '../graphql';
import { formatMoney } from '../lib/format';
import { ChartPanel } from './ChartPanel';
import { MarginByChangedSubscription, MarginByQuery, MarginTrendQuery } from './queries';

const DIMENSIONS: Array<{ value: MarginDimension; label: string }> = [
  { value: 'CLIENT', label: 'Client' },
  { value: 'PLACEMENT', label: 'Placement' },
  { value: 'DIVISION', label: 'Division' },
  { value: 'CONSULTANT', label: 'Consultant' },
  { value: 'ENTITY', label: 'Entity' },
];

function isoDaysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Margins by any dimension for any period (live), and the 13- or 52-week trend. */
export function MarginsView({ entity, currency }: { entity: string | null; currency: string }) {
  const [dimension, setDimension] = useState<MarginDimension>('CLIENT');
  const [from, setFrom] = useState(isoDaysAgo(91));
  const [to, setTo] = useState(isoDaysAgo(0));
  const [weeks, setWeeks] = useState('13');
  const dateError = from && to && to < from ? 'The end is before the start.' : undefined;
  const variables = useMemo(() => ({ dimension, from, to, entity }), [dimension, from, to, entity]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MarginByQuery, variables, pause: Boolean(dateError), requestPolicy: 'cache-and-network' });
  const [{ data: trend, fetching: trendFetching, error: trendError }, refetchTrend] = useQuery({ query: MarginTrendQuery, variables: { weeks: Number(weeks), entity } });
  const [{ data: pushed }] = useSubscription({ query: MarginByChangedSubscription, variables, pause: Boolean(dateError) });
  const seen = useRef<unknown>(null);
  useEffect(() => {
    if (pushed && pushed !== seen.current) {
      seen.current = pushed;
      refetch({ requestPolicy: 'network-only' });
      refetchTrend({ requestPolicy: 'network-only' });
    }
  }, [pushed, refetch, refetchTrend]);
  const money = useMemo(() => (v: number | string) => formatMoney(v, currency), [currency]);

  return (
    <Stack>
      <Group align="end">
        <Select label="By" value={dimension} onChange={(v) => v && setDimension(v as MarginDimension)} data={DIMENSIONS} w={180} allowDeselect={false} />
        <TextInput label="Weeks ending from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
        <TextInput label="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={dateError} w={170} />
      </Group>
      <QueryState what="margins" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.marginBy.rows.length === 0} empty="No approved timesheets in this period.">
        {(d) => {
          const rows = d.marginBy.rows;
          return (
            <ChartPanel
              title={`Margin by ${dimension.toLowerCase()}`}
              categories={rows.map((r) => r.label)}
              series={[
                { name: 'Gross margin (after credits)', kind: 'bar', values: rows.map((r) => Number(r.grossMargin) - Number(r.credits)) },
                { name: 'Net of overhead', kind: 'bar', values: rows.map((r) => Number(r.netMargin)) },
              ]}
              table={{
                columns: ['Key', 'Name', 'Billed', 'Credits', 'Wages', 'Oncosts', 'Gross margin', 'Gross %', 'Overhead', 'Net margin', 'Net %', 'Hours', 'Placements'],
                rows: [...rows, d.marginBy.totals].map((r) => [r.key || 'Total', r.label, r.billAmount, r.credits, r.wage, r.oncosts, r.grossMargin, r.grossMarginPercent, r.overhead, r.netMargin, r.netMarginPercent, r.hours, r.placements]),
              }}
              format={money}
              testId="chart-margin-by"
            />
          );
        }}
      </QueryState>
      <Group>
        <SegmentedControl value={weeks} onChange={setWeeks} data={[{ value: '13', label: '13 weeks' }, { value: '52', label: '52 weeks' }]} aria-label="Trend length" />
      </Group>
      <QueryState what="the margin trend" fetching={trendFetching} error={trendError} data={trend} onRetry={() => refetchTrend({ requestPolicy: 'network-only' })}>
        {(t) => (
          <ChartPanel
            title={`Margin trend · ${weeks} weeks`}
            categories={t.marginTrend.map((p) => p.weekEnding)}
            series={[
              { name: 'Revenue', kind: 'line', values: t.marginTrend.map((p) => Number(p.figures.revenue)) },
              { name: 'Gross margin', kind: 'line', values: t.marginTrend.map((p) => Number(p.figures.grossMargin)) },
              { name: 'Net margin', kind: 'line', values: t.marginTrend.map((p) => Number(p.figures.netMargin)) },
            ]}
            table={{ columns: ['Week ending', 'Revenue', 'Gross margin', 'Net margin'], rows: t.marginTrend.map((p) => [p.weekEnding, p.figures.revenue, p.figures.grossMargin, p.figures.netMargin]) }}
            format={money}
            testId="chart-margin-trend"
          />
        )}
      </QueryState>
    </Stack>
  );
}
