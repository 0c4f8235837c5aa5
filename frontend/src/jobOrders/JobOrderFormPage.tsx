import { Alert, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import type { DraftJobOrderInput, JobOrderQuery as JobOrderResult, UpdateJobOrderInput } from '../graphql';
import { collectErrors, errorMessage, errorsAt, type UserError } from '../lib/errors';
import { formatRate } from '../lib/format';
import { AgreementChoicesQuery, CreateJobOrderMutation, DraftRateQuoteQuery, UpdateJobOrderMutation } from './formQueries';
import { JobOrderQuery } from './queries';

/** Fields the form shows their errors at (the rest are listed above it). */
const FORM_FIELDS = ['code', 'title', 'client', 'payee', 'start', 'end', 'path', 'poNumber', 'division', 'payAgreement', 'billAgreement'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Values {
  code: string;
  client: string;
  payee: string;
  title: string;
  start: string;
  end: string;
  state: string;
  poNumber: string;
  division: string;
  payAgreement: string | null;
  billAgreement: string | null;
}

const EMPTY: Values = { code: '', client: '', payee: '', title: '', start: '', end: '', state: '', poNumber: '', division: '', payAgreement: null, billAgreement: null };

/** What the server needs to say which agreements apply and to quote: null until client and start are there. */
export function draftOf(values: Values): DraftJobOrderInput | null {
  if (!values.client.trim() || !ISO_DATE.test(values.start)) return null;
  return {
    client: values.client.trim(),
    start: values.start,
    end: ISO_DATE.test(values.end) ? values.end : null,
    payee: values.payee.trim() || null,
    path: values.state.trim() ? { state: values.state.trim() } : null,
    payAgreement: values.payAgreement,
    billAgreement: values.billAgreement,
  };
}

/** Levels the server derives from the entity, the client, the worker and the code: never sent back. */
const DERIVED_LEVELS = ['country', 'brand', 'client', 'payee', 'job_order'];

type LoadedJobOrder = Extract<NonNullable<JobOrderResult['node']>, { __typename?: 'JobOrder'; code: string }>;

/** The form's values for an existing job order. */
export function valuesOf(jobOrder: LoadedJobOrder): Values {
  const path = (jobOrder.path ?? {}) as Record<string, string>;
  return {
    code: jobOrder.code,
    client: jobOrder.client.code,
    payee: jobOrder.payee.code,
    title: jobOrder.title,
    start: jobOrder.start,
    end: jobOrder.end ?? '',
    state: path.state ?? '',
    poNumber: jobOrder.poNumber,
    division: jobOrder.division,
    payAgreement: jobOrder.payAgreement?.name ?? null,
    billAgreement: jobOrder.billAgreement?.name ?? null,
  };
}

/** What changed, as updateJobOrder takes it: only the fields that differ (the path keeps its other non-derived levels). */
export function updateInput(before: Values, after: Values, path: Record<string, string>): UpdateJobOrderInput {
  const input: UpdateJobOrderInput = {};
  if (after.title !== before.title) input.title = after.title;
  if (after.start !== before.start) input.start = after.start;
  if (after.end !== before.end) input.end = after.end || null;
  if (after.poNumber !== before.poNumber) input.poNumber = after.poNumber;
  if (after.division !== before.division) input.division = after.division;
  if (after.payAgreement !== before.payAgreement) input.payAgreement = after.payAgreement;
  if (after.billAgreement !== before.billAgreement) input.billAgreement = after.billAgreement;
  if (after.state.trim() !== before.state) {
    const kept = Object.fromEntries(Object.entries(path).filter(([level]) => !DERIVED_LEVELS.includes(level) && level !== 'state'));
    input.path = after.state.trim() ? { ...kept, state: after.state.trim() } : kept;
  }
  return input;
}

export default function JobOrderFormPage() {
  const { can } = useViewer();
  if (!can('manage_job_orders')) return <NotAllowed title="New job order" />;
  return <JobOrderForm initial={EMPTY} />;
}

function NotAllowed({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Job orders', to: '/job-orders' }]} />
      <Alert color="gray" title="Not for your role">
        You may not create or change job orders: this needs the account manager or admin role.
      </Alert>
    </>
  );
}

/** `/job-orders/:id/edit`: the same form for an existing job order; its code, client and worker stay. */
export function EditJobOrderPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: JobOrderQuery, variables: { id }, requestPolicy: 'network-only' });
  const jobOrder = data?.node && 'code' in data.node ? (data.node as LoadedJobOrder) : null;
  if (!can('manage_job_orders')) return <NotAllowed title="Edit job order" />;
  return (
    <QueryState what="the job order" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !jobOrder} empty="There is no job order with this ID.">
      {() => jobOrder && <JobOrderForm key={jobOrder.id} initial={valuesOf(jobOrder)} existing={{ id: jobOrder.id, path: (jobOrder.path ?? {}) as Record<string, string> }} />}
    </QueryState>
  );
}

function JobOrderForm({ initial, existing }: { initial: Values; existing?: { id: string; path: Record<string, string> } }) {
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<UserError[]>([]);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const draft = draftOf({ ...values, payAgreement: null, billAgreement: null });
  const [choices] = useQuery({ query: AgreementChoicesQuery, variables: { input: draft ?? { client: '', start: '' } }, pause: draft === null });
  const quoteInput = draftOf(values);
  const [quote] = useQuery({
    query: DraftRateQuoteQuery,
    variables: { input: quoteInput ?? { client: '', start: '' }, date: values.start },
    pause: quoteInput === null || !values.payAgreement || !values.billAgreement,
  });
  const [{ fetching: creating }, create] = useMutation(CreateJobOrderMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateJobOrderMutation);
  const saving = creating || updating;
  const title = existing ? `Edit job order ${initial.code}` : 'New job order';
  const at = (field: string) => errorsAt(errors, field);
  const bill = choices.data?.billAgreementChoices ?? [];
  const pay = choices.data?.payAgreementChoices ?? [];

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (existing) {
      const result = await update({ id: existing.id, input: updateInput(initial, values, existing.path) });
      const found = collectErrors(result.error, result.data?.updateJobOrder);
      setErrors(found);
      if (found.length === 0) navigate(`/job-orders/${encodeURIComponent(existing.id)}`);
      return;
    }
    const result = await create({
      input: {
        code: values.code.trim(),
        client: values.client.trim(),
        payee: values.payee.trim(),
        title: values.title,
        start: values.start,
        end: values.end || null,
        path: values.state.trim() ? { state: values.state.trim() } : null,
        poNumber: values.poNumber,
        division: values.division,
        payAgreement: values.payAgreement,
        billAgreement: values.billAgreement,
      },
    });
    const found = collectErrors(result.error, result.data?.createJobOrder);
    setErrors(found);
    const created = result.data?.createJobOrder.jobOrder;
    if (found.length === 0 && created) navigate(`/job-orders/${encodeURIComponent(created.id)}`);
  }

  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Job orders', to: '/job-orders' }, ...(existing ? [{ label: initial.code, to: `/job-orders/${encodeURIComponent(existing.id)}` }] : [])]} />
      <form onSubmit={save} aria-label={title} noValidate>
        <Stack maw={820}>
          <ErrorList errors={errors.filter((e) => !FORM_FIELDS.includes(e.field ?? ''))} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Job order code" required readOnly={!!existing} description={existing ? 'Fixed once created' : undefined} value={values.code} onChange={(e) => set('code', e.currentTarget.value)} error={at('code')} />
            <TextInput label="Title" required value={values.title} onChange={(e) => set('title', e.currentTarget.value)} error={at('title')} />
            <TextInput label="Client code" required readOnly={!!existing} description={existing ? 'Fixed once created' : undefined} value={values.client} onChange={(e) => set('client', e.currentTarget.value)} error={at('client')} />
            <TextInput label="Worker code" required readOnly={!!existing} description={existing ? 'Fixed: to change the worker, replace the placement' : undefined} value={values.payee} onChange={(e) => set('payee', e.currentTarget.value)} error={at('payee')} />
            <TextInput label="Start" type="date" required value={values.start} onChange={(e) => set('start', e.currentTarget.value)} error={at('start')} />
            <TextInput label="End" type="date" description="Empty: open-ended" value={values.end} onChange={(e) => set('end', e.currentTarget.value)} error={at('end')} />
            <TextInput label="State" description="The path's state level, e.g. NSW" value={values.state} onChange={(e) => set('state', e.currentTarget.value)} error={at('path')} />
            <TextInput label="PO number" value={values.poNumber} onChange={(e) => set('poNumber', e.currentTarget.value)} error={at('poNumber')} />
            <TextInput label="Division" value={values.division} onChange={(e) => set('division', e.currentTarget.value)} error={at('division')} />
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Agreements
            </Title>
            {draft === null ? (
              <Text size="sm" c="dimmed">
                Enter the client and the start to see the agreements that apply.
              </Text>
            ) : choices.error ? (
              <Alert color="red" role="alert">
                {errorMessage(choices.error)}
              </Alert>
            ) : (
              <Stack gap="sm">
                <Select
                  label="Pay agreement"
                  placeholder="Choose"
                  data={pay.map((c) => ({ value: c.name, label: c.applies ? c.name : `${c.name} (does not apply: ${c.reason})`, disabled: !c.applies }))}
                  value={values.payAgreement}
                  onChange={(v) => set('payAgreement', v)}
                  error={at('payAgreement')}
                />
                <Radio.Group label="Bill agreement" description="Only agreements that apply can be chosen; the others say why not." value={values.billAgreement ?? ''} onChange={(v) => set('billAgreement', v || null)} error={at('billAgreement')}>
                  <Stack gap={6} mt={6} data-testid="bill-agreement-choices">
                    {bill.map((c) => (
                      <Radio key={c.id} value={c.name} disabled={!c.applies} label={c.name} description={c.applies ? 'Applies to this job order' : `Does not apply: ${c.reason}`} />
                    ))}
                  </Stack>
                </Radio.Group>
              </Stack>
            )}
          </Paper>
          {values.payAgreement && values.billAgreement && (
            <Paper withBorder p="md" data-testid="draft-quote" aria-live="polite">
              <Title order={2} size="h4" mb="xs">
                Rate quote before saving (38 ordinary hours from the start)
              </Title>
              {quote.fetching && <Text size="sm">Quoting…</Text>}
              {quote.error && (
                <Text size="sm" c="red" role="alert">
                  {errorMessage(quote.error)}
                </Text>
              )}
              {quote.data && (
                <Group gap="xl">
                  <Text size="sm">
                    Bill rate <strong data-testid="draft-bill-rate">{formatRate(quote.data.draftRateQuote.billRate, 'AUD')}</strong>
                  </Text>
                  <Text size="sm">Pay rate {formatRate(quote.data.draftRateQuote.payRate, 'AUD')}</Text>
                  <Text size="sm">Week billed {formatRate(quote.data.draftRateQuote.billAmount, 'AUD')}</Text>
                  <Text size="sm">Gross margin {formatRate(quote.data.draftRateQuote.grossMargin, 'AUD')}</Text>
                </Group>
              )}
            </Paper>
          )}
          <Group>
            <Button type="submit" loading={saving}>
              {existing ? 'Save changes' : 'Create job order'}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
