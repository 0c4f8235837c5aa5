import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useViewer } from '../auth/useViewer';
import { PageHeader } from '../components/PageHeader';
import { useCursorPager } from '../components/Pager';
import type { JobOrderFilter } from '../graphql';
import { ExportLinks } from '../finance/ExportLinks';
import { JobOrdersTable } from './JobOrdersTable';

export const JOB_ORDER_STATUSES = ['DRAFT', 'FILLED', 'ACTIVE', 'COMPLETED', 'CANCELLED'];

export function jobOrderFilters(values: Record<string, string>): JobOrderFilter | undefined {
  const filters: JobOrderFilter = {};
  if (values.search?.trim()) filters.search = values.search.trim();
  if (values.code?.trim()) filters.code = values.code.trim();
  if (values.status) filters.status = values.status;
  if (values.client?.trim()) filters.client = values.client.trim().toUpperCase();
  if (values.payee?.trim()) filters.payee = values.payee.trim().toUpperCase();
  if (values.division?.trim()) filters.division = values.division.trim();
  return Object.keys(filters).length > 0 ? filters : undefined;
}

const FIELDS = ['search', 'code', 'status', 'client', 'payee', 'division'] as const;

export default function JobOrdersPage() {
  const [params, setParams] = useSearchParams();
  const pager = useCursorPager();
  const { can } = useViewer();
  const applied = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? '']));
  const [form, setForm] = useState<Record<string, string>>(applied);
  const set = (field: string) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    pager.reset();
    const next = new URLSearchParams();
    for (const f of FIELDS) if (form[f]?.trim()) next.set(f, form[f].trim());
    setParams(next);
  }

  return (
    <>
      <PageHeader
        title="Job orders"
        actions={
          <>
            <ExportLinks list="job-orders" filters={{ ...applied, client: applied.client.trim().toUpperCase(), payee: applied.payee.trim().toUpperCase() }} />
            {can('manage_job_orders') && (
              <Button component={Link} to="/job-orders/new">
                New job order
              </Button>
            )}
          </>
        }
      />
      <Paper withBorder p="sm" mb="md">
        <form onSubmit={onSubmit} aria-label="Filter job orders">
          <Group align="flex-end" gap="sm">
            <TextInput label="Search" description="Code, title, client or worker" w={200} value={form.search} onChange={(e) => set('search')(e.currentTarget.value)} />
            <TextInput label="Code" w={130} value={form.code} onChange={(e) => set('code')(e.currentTarget.value)} />
            <Select
              label="Status"
              placeholder="Any"
              clearable
              w={150}
              data={JOB_ORDER_STATUSES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() }))}
              value={form.status || null}
              onChange={(v) => set('status')(v ?? '')}
            />
            <TextInput label="Client code" w={130} value={form.client} onChange={(e) => set('client')(e.currentTarget.value)} />
            <TextInput label="Payee code" w={130} value={form.payee} onChange={(e) => set('payee')(e.currentTarget.value)} />
            <TextInput label="Division" w={150} value={form.division} onChange={(e) => set('division')(e.currentTarget.value)} />
            <Button type="submit">Filter</Button>
          </Group>
        </form>
      </Paper>
      <JobOrdersTable filters={jobOrderFilters(applied)} pager={pager} />
    </>
  );
}
