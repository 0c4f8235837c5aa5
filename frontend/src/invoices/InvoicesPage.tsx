import { Button, Checkbox, Group, Paper, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import type { InvoiceFilter } from '../graphql';
import { InvoicesList } from './InvoicesList';

export const INVOICE_STATUSES = [
  { value: 'ISSUED', label: 'Issued' },
  { value: 'PART_PAID', label: 'Part paid' },
  { value: 'PAID', label: 'Paid' },
  { value: 'PART_CREDITED', label: 'Part credited' },
  { value: 'CREDITED', label: 'Credited' },
];

const FIELDS = ['search', 'client', 'entity', 'status', 'issuedFrom', 'issuedTo', 'overdue'] as const;

export function invoiceFilters(values: Record<string, string>): InvoiceFilter | undefined {
  const filters: InvoiceFilter = {};
  if (values.search?.trim()) filters.search = values.search.trim();
  if (values.client) filters.client = values.client.toUpperCase();
  if (values.entity) filters.entity = values.entity.toUpperCase();
  if (values.status) filters.status = values.status;
  if (values.issuedFrom) filters.issuedFrom = values.issuedFrom;
  if (values.issuedTo) filters.issuedTo = values.issuedTo;
  if (values.overdue === 'true') filters.overdue = true;
  return Object.keys(filters).length > 0 ? filters : undefined;
}

export default function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? '']));
  const [form, setForm] = useState<Record<string, string>>(applied);
  const set = (field: string, value: string) => setForm((f) => ({ ...f, [field]: value }));
  const filters = invoiceFilters(applied);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) if (form[f]?.trim()) next.set(f, form[f].trim());
    setParams(next);
  }

  return (
    <>
      <PageHeader title="Invoices" />
      <Paper withBorder p="sm" mb="md">
        <form onSubmit={onSubmit} aria-label="Filter invoices">
          <Group align="flex-end" gap="sm">
            <TextInput label="Search" description="Number or client" w={180} value={form.search} onChange={(e) => set('search', e.currentTarget.value)} />
            <TextInput label="Client code" w={120} value={form.client} onChange={(e) => set('client', e.currentTarget.value)} />
            <TextInput label="Entity code" w={110} value={form.entity} onChange={(e) => set('entity', e.currentTarget.value)} />
            <Select label="Status" placeholder="Any" clearable w={150} data={INVOICE_STATUSES} value={form.status || null} onChange={(v) => set('status', v ?? '')} />
            <TextInput label="Issued from" type="date" value={form.issuedFrom} onChange={(e) => set('issuedFrom', e.currentTarget.value)} />
            <TextInput label="Issued to" type="date" value={form.issuedTo} onChange={(e) => set('issuedTo', e.currentTarget.value)} />
            <Checkbox label="Overdue only" checked={form.overdue === 'true'} onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : '')} mb={8} />
            <Button type="submit">Filter</Button>
          </Group>
        </form>
      </Paper>
      <InvoicesList key={JSON.stringify(filters ?? {})} filters={filters} />
    </>
  );
}
