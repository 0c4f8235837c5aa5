import { Alert, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import type { DraftJobOrderInput } from '../graphql';
import { collectErrors, errorMessage, errorsAt, type UserError } from '../lib/errors';
import { formatRate } from '../lib/format';
import { AgreementChoicesQuery, CreateJobOrderMutation, DraftRateQuoteQuery } from './formQueries';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Values {
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

export default function JobOrderFormPage() {
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(EMPTY);
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
  const [{ fetching: saving }, create] = useMutation(CreateJobOrderMutation);
  const at = (field: string) => errorsAt(errors, field);
  const bill = choices.data?.billAgreementChoices ?? [];
  const pay = choices.data?.payAgreementChoices ?? [];

  async function save(event: React.FormEvent) {
    event.preventDefault();
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
      <PageHeader title="New job order" crumbs={[{ label: 'Job orders', to: '/job-orders' }]} />
      <form onSubmit={save} aria-label="New job order" noValidate>
        <Stack maw={820}>
          <ErrorList errors={errors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Job order code" required value={values.code} onChange={(e) => set('code', e.currentTarget.value)} error={at('code')} />
            <TextInput label="Title" required value={values.title} onChange={(e) => set('title', e.currentTarget.value)} error={at('title')} />
            <TextInput label="Client code" required value={values.client} onChange={(e) => set('client', e.currentTarget.value)} error={at('client')} />
            <TextInput label="Worker code" required value={values.payee} onChange={(e) => set('payee', e.currentTarget.value)} error={at('payee')} />
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
              Create job order
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
