import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useClient, useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { graphql } from '../graphql';
import type { BillRateChangePreviewQuery as PreviewResult } from '../graphql';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatRate } from '../lib/format';

export const BillRateChangePreviewQuery = graphql(`
  query BillRateChangePreview($rule: ID!, $validFrom: Date!, $lines: [BillRateLineInput!]!) {
    billRateChangePreview(rule: $rule, validFrom: $validFrom, lines: $lines) {
      jobOrders {
        jobOrder
        title
        client
        on
        billRateBefore
        billRateAfter
        billRateDifference
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ChangeBillRateMutation = graphql(`
  mutation ChangeBillRate($rule: ID!, $validFrom: Date!, $lines: [BillRateLineInput!]!) {
    changeBillRate(rule: $rule, validFrom: $validFrom, lines: $lines) {
      rule {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

interface Line {
  scopeKind: string;
  scopeValue: string;
  method: string;
  value: string;
  roundingMode: string;
  roundingPlaces: number;
  oncosts: { code: string }[] | null;
}

/** Change a bill rule's values from a date: preview every job order whose bill rate moves, then save. */
export function ChangeBillRate({ ruleId, lines, onSaved }: { ruleId: string; lines: Line[]; onSaved: () => void }) {
  const client = useClient();
  const [validFrom, setValidFrom] = useState('');
  const [values, setValues] = useState(lines.map((l) => l.value));
  const [errors, setErrors] = useState<UserError[]>([]);
  const [preview, setPreview] = useState<PreviewResult['billRateChangePreview']['jobOrders'] | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saved, setSaved] = useState('');
  const [{ fetching: saving }, change] = useMutation(ChangeBillRateMutation);
  const input = lines.map((l, i) => ({
    scopeKind: l.scopeKind,
    scopeValue: l.scopeValue || null,
    method: l.method,
    value: values[i] ?? l.value,
    roundingMode: l.roundingMode,
    places: l.roundingPlaces,
    oncosts: l.oncosts === null ? null : l.oncosts.map((o) => o.code),
  }));

  async function runPreview() {
    setPreviewing(true);
    setSaved('');
    const result = await client.query(BillRateChangePreviewQuery, { rule: ruleId, validFrom, lines: input }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    const payload = result.data?.billRateChangePreview;
    setErrors(collectErrors(result.error, payload));
    setPreview(payload && payload.errors.length === 0 ? payload.jobOrders : null);
  }

  async function save() {
    const result = await change({ rule: ruleId, validFrom, lines: input });
    const found = collectErrors(result.error, result.data?.changeBillRate);
    setErrors(found);
    if (found.length === 0) {
      setSaved(`New rates from ${validFrom} saved.`);
      setPreview(null);
      onSaved();
    }
  }

  return (
    <Paper withBorder p="sm" mt="xs" component="section" aria-label="Change the rates">
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <TextInput label="New rates from" type="date" value={validFrom} onChange={(e) => { setValidFrom(e.currentTarget.value); setPreview(null); }} error={errorsAt(errors, 'validFrom')} />
          {lines.map((l, i) => (
            <TextInput
              key={`${l.scopeKind}:${l.scopeValue}:${i}`}
              label={`New value (${l.scopeKind === 'ALL' ? 'all' : l.scopeValue}, ${l.method.toLowerCase().replace(/_/g, ' ')})`}
              inputMode="decimal"
              w={220}
              value={values[i] ?? ''}
              onChange={(e) => {
                const next = [...values];
                next[i] = e.currentTarget.value;
                setValues(next);
                setPreview(null);
              }}
              error={errorsAt(errors, `lines[${i}]`)}
            />
          ))}
          <Button variant="light" onClick={runPreview} loading={previewing} disabled={!validFrom}>
            Preview
          </Button>
          <Button onClick={save} loading={saving} disabled={preview === null}>
            Save new rates
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => e.field !== 'validFrom' && !(e.field ?? '').startsWith('lines['))} />
        {saved && (
          <Text size="sm" role="status">
            {saved}
          </Text>
        )}
        {preview !== null &&
          (preview.length === 0 ? (
            <Text size="sm" data-testid="rate-preview-empty">
              No open job order's ordinary bill rate changes.
            </Text>
          ) : (
            <Table aria-label="Job orders whose bill rate changes" fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Job order</Table.Th>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th ta="right">Bill rate now</Table.Th>
                  <Table.Th ta="right">New bill rate</Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.map((row) => (
                  <Table.Tr key={row.jobOrder}>
                    <Table.Td>
                      {row.jobOrder} <Text span size="xs" c="dimmed">{row.title}</Text>
                    </Table.Td>
                    <Table.Td>{row.client}</Table.Td>
                    <Table.Td>{row.on}</Table.Td>
                    <Table.Td ta="right">{formatRate(row.billRateBefore, 'AUD')}</Table.Td>
                    <Table.Td ta="right">{formatRate(row.billRateAfter, 'AUD')}</Table.Td>
                    <Table.Td ta="right">{formatRate(row.billRateDifference, 'AUD')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
      </Stack>
    </Paper>
  );
}
