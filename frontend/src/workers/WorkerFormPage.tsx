import { Alert, Button, Checkbox, Fieldset, Group, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { useWorkerAccess } from './access';
import { EMPTY_WORKER, payeeInput, type WorkerValues } from './payeeInput';
import { CreatePayeeMutation, UpdatePayeeMutation, WorkerEditQuery } from './queries';

/** Errors the form shows at a field (the rest go in the list above it). */
const FIELDS = ['code', 'name', 'kind', 'email', 'bank', 'tax', 'superFund', 'abn', 'gstRegistered'];

function NotAllowed({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Workers', to: '/workers' }]} />
      <Alert color="gray" title="Not for your role">
        You may not add or change workers: this needs the account manager, finance or admin role.
      </Alert>
    </>
  );
}

export default function NewWorkerPage() {
  const { mayEdit } = useWorkerAccess();
  return mayEdit ? <WorkerForm initial={EMPTY_WORKER} /> : <NotAllowed title="New worker" />;
}

export function EditWorkerPage() {
  const { id = '' } = useParams();
  const { mayEdit, payDetails } = useWorkerAccess();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WorkerEditQuery, variables: { id, payDetails }, requestPolicy: 'network-only', pause: !mayEdit });
  if (!mayEdit) return <NotAllowed title="Edit worker" />;
  const payee = data?.node && 'code' in data.node ? data.node : null;
  return (
    <QueryState what="the worker" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !payee} empty="There is no worker with this ID.">
      {() =>
        payee && (
          <WorkerForm
            id={payee.id}
            initial={{
              ...EMPTY_WORKER,
              code: payee.code,
              name: payee.name,
              kind: payee.kind === 'CONTRACTOR' ? 'CONTRACTOR' : 'EMPLOYEE',
              email: payee.email,
              bsb: payee.bank?.bsb ?? '',
              account: payee.bank?.account ?? '',
              accountName: payee.bank?.name ?? '',
              declaration: Boolean(payee.tax),
              tfnProvided: payee.tax?.tfnProvided ?? false,
              taxFreeThreshold: payee.tax?.taxFreeThreshold ?? false,
              foreignResident: payee.tax?.foreignResident ?? false,
              fundName: payee.superFund?.name ?? '',
              fundUsi: payee.superFund?.usi ?? '',
              fundMember: payee.superFund?.memberNumber ?? '',
              abn: payee.abn ?? '',
              gstRegistered: payee.gstRegistered ?? false,
            }}
          />
        )
      }
    </QueryState>
  );
}

function WorkerForm({ initial, id }: { initial: WorkerValues; id?: string }) {
  const navigate = useNavigate();
  const { payDetails } = useWorkerAccess();
  const [values, setValues] = useState<WorkerValues>(initial);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching: creating }, create] = useMutation(CreatePayeeMutation);
  const [{ fetching: updating }, update] = useMutation(UpdatePayeeMutation);
  const set = <K extends keyof WorkerValues>(key: K, value: WorkerValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const at = (field: string) => errorsAt(errors, field);
  const title = id ? `Edit worker ${initial.code}` : 'New worker';
  const employee = values.kind === 'EMPLOYEE';

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const input = payeeInput(values, { payDetails });
    const result = id ? await update({ id, input }) : await create({ input });
    const payload = result.data && ('updatePayee' in result.data ? result.data.updatePayee : 'createPayee' in result.data ? result.data.createPayee : undefined);
    const found = collectErrors(result.error, payload);
    setErrors(found);
    if (found.length === 0 && payload?.payee) navigate(`/workers/${encodeURIComponent(payload.payee.id)}`);
  }

  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Workers', to: '/workers' }]} />
      <form onSubmit={save} aria-label={title} noValidate>
        <Stack maw={820}>
          <ErrorList errors={errors.filter((e) => !FIELDS.some((f) => e.field === f || (e.field ?? '').startsWith(`${f}.`)))} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Worker code" required value={values.code} onChange={(e) => set('code', e.currentTarget.value)} error={at('code')} />
            <TextInput label="Full name" required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={at('name')} />
            <TextInput label="Email" type="email" value={values.email} onChange={(e) => set('email', e.currentTarget.value)} error={at('email')} />
            <Radio.Group label="Engaged as" required value={values.kind} onChange={(v) => set('kind', v === 'CONTRACTOR' ? 'CONTRACTOR' : 'EMPLOYEE')} error={at('kind')}>
              <Group mt={6}>
                <Radio value="EMPLOYEE" label="Employee (payslip, PAYG, super)" />
                <Radio value="CONTRACTOR" label="Contractor (ABN, RCTI)" />
              </Group>
            </Radio.Group>
          </SimpleGrid>
          {!payDetails ? (
            <Text size="sm" c="dimmed">
              Bank and tax facts are entered by finance staff.
            </Text>
          ) : (
            <>
              <Fieldset legend="Bank account (where net pay goes)">
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput label="BSB" description="6 digits, e.g. 062-000" value={values.bsb} onChange={(e) => set('bsb', e.currentTarget.value)} error={at('bank.bsb')} />
                  <TextInput label="Account number" description="Up to 9 digits" value={values.account} onChange={(e) => set('account', e.currentTarget.value)} error={at('bank.account')} />
                  <TextInput label="Account name" description="As the bank file carries it, up to 32 characters" value={values.accountName} onChange={(e) => set('accountName', e.currentTarget.value)} error={at('bank.name')} />
                </SimpleGrid>
                {errorsAt(errors, 'bank') && !['bank.bsb', 'bank.account', 'bank.name'].some((f) => errorsAt(errors, f)) && (
                  <Text size="sm" c="red" mt={4}>
                    {errorsAt(errors, 'bank')}
                  </Text>
                )}
              </Fieldset>
              {employee ? (
                <>
                  <Fieldset legend="TFN declaration (the TFN itself is never stored)">
                    <Stack gap="xs">
                      <Checkbox label="A TFN declaration is on file" description="Without one, tax is withheld at the no-TFN rate" checked={values.declaration} onChange={(e) => set('declaration', e.currentTarget.checked)} error={at('tax')} />
                      {values.declaration && (
                        <Group gap="lg">
                          <Checkbox label="A TFN was quoted" checked={values.tfnProvided} onChange={(e) => set('tfnProvided', e.currentTarget.checked)} />
                          <Checkbox label="Claims the tax-free threshold" checked={values.taxFreeThreshold} onChange={(e) => set('taxFreeThreshold', e.currentTarget.checked)} />
                          <Checkbox label="Foreign resident for tax" checked={values.foreignResident} onChange={(e) => set('foreignResident', e.currentTarget.checked)} />
                        </Group>
                      )}
                    </Stack>
                  </Fieldset>
                  <Fieldset legend="Super fund">
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <TextInput label="Fund name" value={values.fundName} onChange={(e) => set('fundName', e.currentTarget.value)} error={at('superFund.name') ?? (errors.some((e) => e.field === 'superFund') ? at('superFund') : undefined)} />
                      <TextInput label="USI" description="The fund's unique superannuation identifier" value={values.fundUsi} onChange={(e) => set('fundUsi', e.currentTarget.value)} error={at('superFund.usi')} />
                      <TextInput label="Member number" value={values.fundMember} onChange={(e) => set('fundMember', e.currentTarget.value)} error={at('superFund.memberNumber')} />
                    </SimpleGrid>
                  </Fieldset>
                </>
              ) : (
                <Fieldset legend="ABN and GST">
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="ABN" description="11 digits; without one, 47% is withheld" value={values.abn} onChange={(e) => set('abn', e.currentTarget.value)} error={at('abn')} />
                    <Checkbox mt={28} label="Registered for GST" checked={values.gstRegistered} onChange={(e) => set('gstRegistered', e.currentTarget.checked)} error={at('gstRegistered')} />
                  </SimpleGrid>
                </Fieldset>
              )}
            </>
          )}
          <Group>
            <Button type="submit" loading={creating || updating}>
              {id ? 'Save changes' : 'Create worker'}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
