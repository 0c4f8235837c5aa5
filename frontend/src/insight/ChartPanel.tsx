import { Button, Card, Group, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { readCsrfToken } from '../graphql/csrf';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, each ≥ 3:1 on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface Series {
  name: string;
  kind: 'bar' | 'line';
  values: number[];
  stack?: string;
}

export interface TableData {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

function csv(table: TableData): string {
  const cell = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    const safe = /^[=+@]/.test(text) ? `'${text}` : text;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\n');
}

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

async function xlsx(title: string, table: TableData) {
  const response = await fetch('/documents/table.xlsx', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': readCsrfToken() },
    body: JSON.stringify({ title, columns: table.columns, rows: table.rows }),
  });
  if (!response.ok) throw new Error(`Export failed (${response.status}).`);
  download(`${title.replace(/[^A-Za-z0-9_-]+/g, '-')}.xlsx`, await response.blob());
}

/**
 * A chart (echarts, SVG) with, beside it, a table view of the same numbers and CSV/XLSX export.
 * The chart's numbers show on hover (tooltip) and are announced through echarts' aria description;
 * `data-series` carries them for tests.
 */
export function ChartPanel({
  title,
  categories,
  series,
  table,
  format,
  testId,
  onSelect,
  children,
}: {
  title: string;
  categories: string[];
  series: Series[];
  table: TableData;
  format: (value: number) => string;
  testId: string;
  onSelect?: (index: number) => void;
  children?: ReactNode;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [exportError, setExportError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (view !== 'chart' || !ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'svg' });
    const option: Option = {
      color: PALETTE,
      aria: { enabled: true, decal: { show: true } },
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => format(Number(v)) },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
      series: series.map((s) =>
        s.kind === 'bar'
          ? ({ type: 'bar', name: s.name, data: s.values, stack: s.stack } as BarSeriesOption)
          : ({ type: 'line', name: s.name, data: s.values } as LineSeriesOption),
      ),
    };
    chart.setOption(option);
    chart.on('click', (params) => select.current?.(params.dataIndex));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [view, categories, series, format]);

  return (
    <Card withBorder component="section" aria-labelledby={headingId} data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id={headingId}>
          {title}
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
            aria-label={`${title}: chart or table`}
          />
          <Button size="xs" variant="default" onClick={() => download(`${title}.csv`, new Blob([csv(table)], { type: 'text/csv' }))}>
            CSV
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setExportError(null);
              xlsx(title, table).catch((e: Error) => setExportError(e.message));
            }}
          >
            XLSX
          </Button>
        </Group>
      </Group>
      {exportError && (
        <Text c="red.8" size="sm" role="alert">
          {exportError}
        </Text>
      )}
      {view === 'chart' ? (
        <div
          ref={ref}
          style={{ width: '100%', height: 280 }}
          role="img"
          data-testid={`${testId}-chart`}
          aria-label={`${title}. ${series.map((s) => `${s.name}: ${s.values.map((v, i) => `${categories[i]} ${format(v)}`).join(', ')}`).join('. ')}`}
          data-series={JSON.stringify(series.map((s) => ({ name: s.name, values: s.values })))}
          data-categories={JSON.stringify(categories)}
        />
      ) : (
        <Table.ScrollContainer minWidth={400}>
          <Table fz="sm" aria-label={title} striped>
            <Table.Thead>
              <Table.Tr>
                {table.columns.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row, i) => (
                <Table.Tr key={i}>
                  {row.map((v, j) => (
                    <Table.Td key={j}>{v}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {children}
    </Card>
  );
}
