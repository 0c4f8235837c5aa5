import { Button, Group, Paper, SegmentedControl, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import type { TimesheetFilter } from '../graphql';
import { ExportLinks } from '../finance/ExportLinks';
import { TimesheetsTable } from './TimesheetsTable';

const VIEWS = [
  { value: 'SUBMITTED', label: 'Approval queue' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: 'ALL', label: 'All' },
];

export default function TimesheetsPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get('status') ?? 'SUBMITTED';
  const client = params.get('client') ?? '';
  const jobOrder = params.get('jobOrder') ?? '';
  const [form, setForm] = useState({ client, jobOrder });
  const filters: TimesheetFilter = {};
  if (view !== 'ALL') filters.status = view;
  if (client) filters.client = client;
  if (jobOrder) filters.jobOrder = jobOrder;

  function update(next: Record<string, string>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ client: form.client.trim().toUpperCase(), jobOrder: form.jobOrder.trim() });
  }

  return (
    <>
      <PageHeader
        title="Timesheets"
        actions={
          <>
            <ExportLinks list="timesheets" filters={{ status: view, client, jobOrder }} />
            <Button component={Link} to="/timesheets/import" variant="light">
              Upload a CSV
            </Button>
            <Button component={Link} to="/timesheets/new">
              Enter a timesheet
            </Button>
          </>
        }
      />
      <Paper withBorder p="sm" mb="md">
        <Group align="flex-end" justify="space-between" gap="sm">
          <SegmentedControl aria-label="Which timesheets" data={VIEWS} value={view} onChange={(v) => update({ status: v === 'SUBMITTED' ? '' : v })} />
          <form onSubmit={onSubmit} aria-label="Filter timesheets">
            <Group align="flex-end" gap="sm">
              <TextInput label="Client code" w={120} value={form.client} onChange={(e) => setForm({ ...form, client: e.currentTarget.value })} />
              <TextInput label="Job order code" w={140} value={form.jobOrder} onChange={(e) => setForm({ ...form, jobOrder: e.currentTarget.value })} />
              <Button type="submit" variant="default">
                Filter
              </Button>
            </Group>
          </form>
        </Group>
      </Paper>
      <TimesheetsTable
        key={JSON.stringify(filters)}
        filters={filters}
        label={VIEWS.find((v) => v.value === view)?.label ?? 'Timesheets'}
        empty={view === 'SUBMITTED' ? 'Nothing waits for approval.' : 'No timesheets match.'}
      />
    </>
  );
}
