import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useClient, useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { graphql } from '../graphql';
import type { RateImpactFieldsFragment } from '../graphql';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatRate } from '../lib/format';

export const RateImpactFields = graphql(`
  fragment RateImpactFields on RateImpactType {
    jobOrder
    title
    client
    on
    billRateBefore
    billRateAfter
    billRateDifference
    payRateBefore
    payRateAfter
  }
`);

export const PayRateChangePreviewQuery = graphql(`
  query PayRateChangePreview($rule: ID!, $validFrom: Date!, $rate: Decimal!) {
    payRateChangePreview(rule: $rule, validFrom: $validFrom, rate: $rate) {
      jobOrders {
        ...RateImpactFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OncostValueChangePreviewQuery = graphql(`
  query OncostValueChangePreview($oncostValue: ID!, $validFrom: Date!, $value: Decimal!) {
    oncostValueChangePreview(oncostValue: $oncostValue, validFrom: $validFrom, value: $value) {
      jobOrders {
        ...RateImpactFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ChangePayRateMutation = graphql(`
  mutation ChangePayRate($rule: ID!, $validFrom: Date!, $rate: Decimal!) {
    changePayRate(rule: $rule, validFrom: $validFrom, rate: $rate) {
      rule {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ChangeOncostValueMutation = graphql(`
  mutation ChangeOncostValue($oncostValue: ID!, $validFrom: Date!, $value: Decimal!) {
    changeOncostValue(oncostValue: $oncostValue, validFrom: $validFrom, value: $value) {
      oncostValue {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** The field the server names the new value by. */
const VALUE_FIELD = { pay: 'rate', oncost: 'value' } as const;

/**
 * A new pay rate (kind `pay`, `id` a pay rate rule) or oncost value (kind `oncost`, `id` an oncost
 * value) from a date: preview every open job order whose pay and bill rates move, then save.
 */
export function ChangeValue({ kind, id, current, label, onSaved }: { kind: 'pay' | 'oncost'; id: string; current: string; label: string; onSaved: () => void }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [validFrom, setValidFrom] = useState('');
  const [value, setValue] = useState(current);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [preview, setPreview] = useState<RateImpactFieldsFragment[] | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saved, setSaved] = useState('');
  const [{ fetching: savingPay }, changePay] = useMutation(ChangePayRateMutation);
  const [{ fetching: savingOncost }, changeOncost] = useMutation(ChangeOncostValueMutation);
  const valueField = VALUE_FIELD[kind];
  if (!open) {
    return (
      <Button size="xs" variant="subtle" onClick={() => setOpen(true)} aria-label={`Change ${label}`}>
        Change
      </Button>
    );
  }

  async function runPreview() {
    setPreviewing(true);
    setSaved('');
    const result =
      kind === 'pay'
        ? await client.query(PayRateChangePreviewQuery, { rule: id, validFrom, rate: value }, { requestPolicy: 'network-only' }).toPromise()
        : await client.query(OncostValueChangePreviewQuery, { oncostValue: id, validFrom, value }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    const data = result.data as { payRateChangePreview?: { jobOrders: RateImpactFieldsFragment[]; errors: UserError[] }; oncostValueChangePreview?: { jobOrders: RateImpactFieldsFragment[]; errors: UserError[] } } | undefined;
    const payload = kind === 'pay' ? data?.payRateChangePreview : data?.oncostValueChangePreview;
    setErrors(collectErrors(result.error, payload));
    setPreview(payload && payload.errors.length === 0 ? payload.jobOrders : null);
  }

  async function save() {
    let found: UserError[];
    if (kind === 'pay') {
      const result = await changePay({ rule: id, validFrom, rate: value });
      found = collectErrors(result.error, result.data?.changePayRate);
    } else {
      const result = await changeOncost({ oncostValue: id, validFrom, value });
      found = collectErrors(result.error, result.data?.changeOncostValue);
    }
    setErrors(found);
    if (found.length === 0) {
      setSaved(`New ${kind === 'pay' ? 'pay rate' : 'oncost value'} from ${validFrom} saved.`);
      setPreview(null);
      onSaved();
    }
  }

  return (
    <Paper withBorder p="sm" mt="xs" component="section" aria-label={`Change ${label}`}>
      <Stack gap="xs">
        <Group align="flex-start" gap="sm">
          <TextInput label="From" type="date" value={validFrom} onChange={(e) => { setValidFrom(e.currentTarget.value); setPreview(null); }} error={errorsAt(errors, 'validFrom')} />
          <TextInput label={kind === 'pay' ? 'New pay rate' : 'New value'} inputMode="decimal" w={160} value={value} onChange={(e) => { setValue(e.currentTarget.value); setPreview(null); }} error={errorsAt(errors, valueField)} />
          <Button variant="light" mt={24} onClick={runPreview} loading={previewing} disabled={!validFrom}>
            Preview
          </Button>
          <Button mt={24} onClick={save} loading={savingPay || savingOncost} disabled={preview === null}>
            Save
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => e.field !== 'validFrom' && e.field !== valueField)} />
        {saved && (
          <Text size="sm" role="status">
            {saved}
          </Text>
        )}
        {preview !== null &&
          (preview.length === 0 ? (
            <Text size="sm">No open job order's rates change.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Job orders whose rates change" fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Job order</Table.Th>
                    <Table.Th>Client</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th ta="right">Pay rate now</Table.Th>
                    <Table.Th ta="right">New pay rate</Table.Th>
                    <Table.Th ta="right">Bill rate now</Table.Th>
                    <Table.Th ta="right">New bill rate</Table.Th>
                    <Table.Th ta="right">Bill change</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.map((row) => (
                    <Table.Tr key={row.jobOrder}>
                      <Table.Td>{row.jobOrder}</Table.Td>
                      <Table.Td>{row.client}</Table.Td>
                      <Table.Td>{row.on}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.payRateBefore, 'AUD')}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.payRateAfter, 'AUD')}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.billRateBefore, 'AUD')}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.billRateAfter, 'AUD')}</Table.Td>
                      <Table.Td ta="right">{formatRate(row.billRateDifference, 'AUD')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Paper>
  );
}
