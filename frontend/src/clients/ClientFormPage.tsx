import { Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import type { ClientInput } from '../graphql';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { ClientEditQuery, CreateClientMutation, UpdateClientMutation } from './mutations';

const CYCLES = [
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'FORTNIGHTLY', label: 'Fortnightly' },
  { value: 'MONTHLY', label: 'Monthly' },
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label, i) => ({ value: String(i + 1), label }));
const MONTH_DAYS = Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: i === 30 ? '31 (the last day)' : String(i + 1) }));
const STATUSES = [
  { value: 'PROSPECT', label: 'Prospect' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'ON_HOLD', label: 'On hold (no new timesheets or billing runs)' },
];
const GROUPINGS = [
  { value: 'CLIENT', label: 'One invoice per client' },
  { value: 'JOB_ORDER', label: 'One invoice per job order' },
  { value: 'TIMESHEET', label: 'One invoice per timesheet' },
];

export interface ClientValues {
  code: string;
  name: string;
  entity: string;
  abn: string;
  streetAddress: string;
  billingAddress: string;
  paymentTermsDays: number;
  invoiceGrouping: string;
  billingCycle: string;
  billingCloseDay: number;
  poRequired: boolean;
  creditLimit: string;
  status: string;
}

export const EMPTY_CLIENT: ClientValues = {
  code: '',
  name: '',
  entity: '',
  abn: '',
  streetAddress: '',
  billingAddress: '',
  paymentTermsDays: 30,
  invoiceGrouping: 'CLIENT',
  billingCycle: 'WEEKLY',
  billingCloseDay: 7,
  poRequired: false,
  creditLimit: '',
  status: 'ACTIVE',
};

/** The values the API takes: every field, the credit limit null when empty. */
export function clientInput(values: ClientValues, creating: boolean): ClientInput {
  const { code, entity, creditLimit, ...rest } = values;
  return { ...rest, ...(creating ? { code, entity } : {}), creditLimit: creditLimit.trim() === '' ? null : creditLimit.trim() };
}

export function ClientForm({ initial, creating, onSaved }: { initial: ClientValues; creating: boolean; onSaved: (id: string) => void }) {
  const { id = '' } = useParams();
  const [values, setValues] = useState<ClientValues>(initial);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching: creatingNow }, create] = useMutation(CreateClientMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateClientMutation);
  const set = <K extends keyof ClientValues>(key: K, value: ClientValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const at = (field: string) => errorsAt(errors, field);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const input = clientInput(values, creating);
    if (creating) {
      const result = await create({ input });
      const found = collectErrors(result.error, result.data?.createClient);
      setErrors(found);
      if (found.length === 0 && result.data?.createClient.client) onSaved(result.data.createClient.client.id);
    } else {
      const result = await update({ id, input });
      const found = collectErrors(result.error, result.data?.updateClient);
      setErrors(found);
      if (found.length === 0 && result.data?.updateClient.client) onSaved(result.data.updateClient.client.id);
    }
  }

  const monthly = values.billingCycle === 'MONTHLY';
  return (
    <form onSubmit={save} aria-label={creating ? 'New client' : 'Edit client'} noValidate>
      <Stack maw={760}>
        <ErrorList errors={errors} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Code" required disabled={!creating} value={values.code} onChange={(e) => set('code', e.currentTarget.value)} error={at('code')} />
          <TextInput label="Name" required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={at('name')} />
          <TextInput label="Entity" description="The entity's code, e.g. KSAU" required disabled={!creating} value={values.entity} onChange={(e) => set('entity', e.currentTarget.value)} error={at('entity')} />
          <TextInput label="ABN" description="11 digits" value={values.abn} onChange={(e) => set('abn', e.currentTarget.value)} error={at('abn')} />
          <Textarea label="Street address" autosize minRows={2} value={values.streetAddress} onChange={(e) => set('streetAddress', e.currentTarget.value)} error={at('streetAddress')} />
          <Textarea label="Billing address" description="Empty: the street address" autosize minRows={2} value={values.billingAddress} onChange={(e) => set('billingAddress', e.currentTarget.value)} error={at('billingAddress')} />
          <NumberInput label="Payment terms (days)" min={0} max={365} value={values.paymentTermsDays} onChange={(v) => set('paymentTermsDays', Number(v) || 0)} error={at('paymentTermsDays')} />
          <Select label="Invoice grouping" data={GROUPINGS} value={values.invoiceGrouping} onChange={(v) => set('invoiceGrouping', v ?? 'CLIENT')} error={at('invoiceGrouping')} allowDeselect={false} />
          <Select
            label="Billing cycle"
            data={CYCLES}
            value={values.billingCycle}
            onChange={(v) => setValues((old) => ({ ...old, billingCycle: v ?? 'WEEKLY', billingCloseDay: v === 'MONTHLY' ? 31 : 7 }))}
            error={at('billingCycle')}
            allowDeselect={false}
          />
          <Select
            label={monthly ? 'Cycle closes on day' : 'Cycle closes on'}
            data={monthly ? MONTH_DAYS : WEEKDAYS}
            value={String(values.billingCloseDay)}
            onChange={(v) => set('billingCloseDay', Number(v ?? 7))}
            error={at('billingCloseDay')}
            allowDeselect={false}
          />
          <TextInput label="Credit limit" description="Empty: none" inputMode="decimal" value={values.creditLimit} onChange={(e) => set('creditLimit', e.currentTarget.value)} error={at('creditLimit')} />
          <Select label="Status" data={STATUSES} value={values.status} onChange={(v) => set('status', v ?? 'ACTIVE')} error={at('status')} allowDeselect={false} />
        </SimpleGrid>
        <Checkbox label="Purchase order number required on job orders" checked={values.poRequired} onChange={(e) => set('poRequired', e.currentTarget.checked)} />
        <Group>
          <Button type="submit" loading={creatingNow || updating}>
            {creating ? 'Create client' : 'Save client'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewClientPage() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="New client" crumbs={[{ label: 'Clients', to: '/clients' }]} />
      <ClientForm initial={EMPTY_CLIENT} creating onSaved={(id) => navigate(`/clients/${encodeURIComponent(id)}`)} />
    </>
  );
}

export default function EditClientPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClientEditQuery, variables: { id }, requestPolicy: 'network-only' });
  const node = data?.node && 'paymentTermsDays' in data.node ? data.node : null;
  return (
    <QueryState what="the client" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !node} empty="There is no client with this ID.">
      {() =>
        node && (
          <>
            <PageHeader title={`Edit ${node.name}`} crumbs={[{ label: 'Clients', to: '/clients' }, { label: node.code, to: `/clients/${encodeURIComponent(id)}` }]} />
            <ClientForm
              creating={false}
              initial={{ ...EMPTY_CLIENT, ...node, entity: node.entity.code, creditLimit: node.creditLimit ?? '' }}
              onSaved={() => navigate(`/clients/${encodeURIComponent(id)}`)}
            />
          </>
        )
      }
    </QueryState>
  );
}
