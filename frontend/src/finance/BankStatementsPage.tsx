import { Alert, Badge, Button, Card, FileInput, Group, Paper, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate, formatMoney } from '../lib/format';
import type { BankStatementsQuery as BankStatementsQueryResult } from '../graphql/generated/graphql';
import { BankStatementsQuery, ConfirmStatementLineMutation, IgnoreStatementLineMutation, ImportBankStatementMutation } from './queries';

const TYPENAMES = { additionalTypenames: ['BankStatement', 'BankStatementLine', 'Invoice', 'Receipt'] };

function ImportForm() {
  const [entity, setEntity] = useState('KSAU');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [done, setDone] = useState(false);
  const [{ fetching }, importStatement] = useMutation(ImportBankStatementMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!file) {
      setErrors([{ field: 'content', code: 'required', message: 'Choose a statement file (CSV or camt.053 XML).' }]);
      return;
    }
    const content = await file.text();
    const result = await importStatement({ entity: entity.trim().toUpperCase(), filename: file.name, content }, TYPENAMES);
    const found = collectErrors(result.error, result.data?.importBankStatement);
    setErrors(found);
    setDone(found.length === 0);
  }

  return (
    <Paper withBorder p="md" mb="md">
      <form onSubmit={onSubmit} aria-label="Import a bank statement">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Import a bank statement
          </Title>
          <Group align="flex-start">
            <TextInput label="Entity code" w={120} value={entity} onChange={(e) => setEntity(e.currentTarget.value)} error={errorsAt(errors, 'entity')} />
            <FileInput
              label="Statement file"
              description="CSV (date, amount, reference, payer) or ISO 20022 camt.053 XML"
              placeholder="Choose a file"
              accept=".csv,.xml,text/csv,application/xml,text/xml"
              w={320}
              value={file}
              onChange={setFile}
              error={errorsAt(errors, 'content')}
              clearable
            />
          </Group>
          <Group>
            <Button type="submit" loading={fetching}>
              Import statement
            </Button>
          </Group>
          <ErrorList errors={errors.filter((e) => e.field !== 'entity' && e.field !== 'content')} title="Statement not imported" />
          {done && (
            <Alert color="green" role="status">
              Statement imported: confirm its lines below.
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

type Line = BankStatementsQueryResult['bankStatements']['edges'][number]['node']['lines'][number];
const TYPENAMES_CONTEXT = TYPENAMES;

function LineRow({ line, currency }: { line: Line; currency: string }) {
  const [choice, setChoice] = useState('0');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching: confirming }, confirm] = useMutation(ConfirmStatementLineMutation);
  const [{ fetching: ignoring }, ignore] = useMutation(IgnoreStatementLineMutation);
  const suggestion = line.suggestions[Number(choice)];
  const label = `line ${line.position + 1} (${formatMoney(line.amount, currency)})`;

  async function onConfirm() {
    if (!suggestion) return;
    const allocations = suggestion.allocations.map((a) => ({ invoice: a.invoice.id, amount: a.amount }));
    const result = await confirm({ input: { line: line.id, client: suggestion.client.id, allocations } }, TYPENAMES);
    setErrors(collectErrors(result.error, result.data?.confirmStatementLine));
  }
  async function onIgnore() {
    const result = await ignore({ line: line.id }, TYPENAMES);
    setErrors(collectErrors(result.error, result.data?.ignoreStatementLine));
  }

  return (
    <Table.Tr>
      <Table.Td>{formatDate(line.date)}</Table.Td>
      <Table.Td ta="right">
        <Money amount={line.amount} currency={currency} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{[line.reference, line.payer, line.text].filter(Boolean).join(' · ')}</Text>
      </Table.Td>
      <Table.Td>
        {line.status === 'UNMATCHED' && line.suggestions.length > 0 ? (
          <Radio.Group value={choice} onChange={setChoice} label={`Suggested matches for ${label}`} size="sm">
            <Stack gap={4} mt={4}>
              {line.suggestions.map((s, i) => (
                <Radio
                  key={i}
                  value={String(i)}
                  label={`${s.client.code}: ${s.allocations.map((a) => `${a.invoice.number} ${formatMoney(a.amount, currency)}`).join(', ') || 'on account'}${Number(s.unapplied) > 0 ? ` + ${formatMoney(s.unapplied, currency)} on account` : ''}`}
                  description={s.reason}
                />
              ))}
            </Stack>
          </Radio.Group>
        ) : line.status === 'UNMATCHED' ? (
          <Text size="sm" c="dimmed">
            No suggestion: record it on the Receipts page.
          </Text>
        ) : null}
        <ErrorList errors={errors} title={`Could not apply ${label}`} />
      </Table.Td>
      <Table.Td>
        {line.status === 'UNMATCHED' ? (
          <Group gap="xs">
            <Button size="xs" onClick={onConfirm} loading={confirming} disabled={!suggestion} aria-label={`Confirm ${label}`}>
              Confirm
            </Button>
            <Button size="xs" variant="default" onClick={onIgnore} loading={ignoring} aria-label={`Ignore ${label}`}>
              Ignore
            </Button>
          </Group>
        ) : (
          <Badge color={line.status === 'CONFIRMED' ? 'green' : 'gray'} variant="light">
            {line.status === 'CONFIRMED' ? 'Confirmed' : 'Ignored'}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export default function BankStatementsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: BankStatementsQuery, context: TYPENAMES_CONTEXT });
  return (
    <>
      <PageHeader title="Bank statements" />
      <ImportForm />
      <QueryState fetching={fetching} error={error} data={data} what="bank statements" isEmpty={(d) => d.bankStatements.edges.length === 0} empty="No statement imported yet." onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => (
          <Stack>
            {d.bankStatements.edges.map(({ node: s }) => (
              <Card withBorder key={s.id}>
                <Title order={2} size="h5" mb="xs">
                  {s.filename} ({s.format === 'CAMT053' ? 'camt.053' : 'CSV'}) · {s.entity.code} {s.account}
                </Title>
                <Table.ScrollContainer minWidth={800}>
                  <Table aria-label={`Lines of ${s.filename}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Date</Table.Th>
                        <Table.Th ta="right">Amount</Table.Th>
                        <Table.Th>Details</Table.Th>
                        <Table.Th>Match</Table.Th>
                        <Table.Th>Action</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {s.lines.map((line) => (
                        <LineRow key={line.id} line={line} currency={s.entity.currency} />
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
            ))}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
