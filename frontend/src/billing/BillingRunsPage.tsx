import { Anchor, Autocomplete, Button, Card, Group, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { PERMISSION_WORDS, useViewer } from '../auth/useViewer';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { BillingRunProgressBar } from './BillingRunProgress';
import { StartBillingRunMutation } from './mutations';
import { BillingRunsQuery, ClientCodesQuery, EntitiesQuery } from './queries';

function StartRunForm() {
  const navigate = useNavigate();
  const [{ data: knownEntities }] = useQuery({ query: EntitiesQuery });
  const [{ data: known }] = useQuery({ query: ClientCodesQuery });
  const [entity, setEntity] = useState('');
  const [periodEnd, setPeriodEnd] = useState(todayIso());
  const [issueDate, setIssueDate] = useState('');
  const [clients, setClients] = useState<string[]>([]);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, start] = useMutation(StartBillingRunMutation);
  const entities = (knownEntities?.entities ?? []).map((e) => e.code);
  const clientCodes = (known?.clients.edges ?? []).filter((e) => !entity || e.node.entity.code === entity.toUpperCase()).map((e) => e.node.code);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: UserError[] = [];
    if (!entity.trim()) local.push({ field: 'entity', code: 'required', message: 'Choose the entity to bill.' });
    if (!periodEnd) local.push({ field: 'periodEnd', code: 'required', message: 'Choose the period end.' });
    if (local.length) {
      setErrors(local);
      return;
    }
    const result = await start({
      input: { entity: entity.trim().toUpperCase(), periodEnd, clients: clients.length ? clients : null, issueDate: issueDate || null },
    });
    const found = collectErrors(result.error, result.data?.startBillingRun);
    setErrors(found);
    const run = result.data?.startBillingRun.billingRun;
    if (found.length === 0 && run) navigate(`/billing-runs/${encodeURIComponent(run.id)}`);
  }

  const shown = (field: string) => errorsAt(errors, field) ?? errorsAt(errors, `input.${field}`);
  return (
    <Card withBorder component="section" aria-labelledby="start-title">
      <form onSubmit={onSubmit} noValidate aria-labelledby="start-title">
        <Stack gap="sm">
          <Title order={2} size="h5" id="start-title">
            Start a billing run
          </Title>
          <Group align="flex-start" gap="sm">
            <Autocomplete label="Entity" required data={entities} value={entity} onChange={setEntity} w={140} error={shown('entity')} />
            <TextInput label="Period end" type="date" required value={periodEnd} onChange={(e) => setPeriodEnd(e.currentTarget.value)} error={shown('periodEnd')} />
            <TextInput label="Issue date" description="Default: today" type="date" value={issueDate} onChange={(e) => setIssueDate(e.currentTarget.value)} error={shown('issueDate')} />
            <TagsInput label="Only these clients" description="Default: all" data={clientCodes} value={clients} onChange={setClients} w={{ base: '100%', sm: 260 }} error={shown('clients')} />
          </Group>
          <ErrorList errors={errors.filter((e) => !['entity', 'periodEnd', 'issueDate', 'clients'].some((f) => e.field === f || e.field === `input.${f}`))} title="The run was not started" />
          <Group>
            <Button type="submit" loading={fetching}>
              Start billing run
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function BillingRunsPage() {
  const { can } = useViewer();
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BillingRunsQuery, variables: { first: PAGE_SIZE, after: pager.after }, requestPolicy: 'cache-and-network' });
  return (
    <>
      <PageHeader title="Billing runs" />
      <Stack>
        {can('run_billing') ? (
          <StartRunForm />
        ) : (
          <Text size="sm" data-testid="cannot-start-run">
            Billing runs are started by finance: you may not {PERMISSION_WORDS.run_billing}.
          </Text>
        )}
        <QueryState what="billing runs" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.billingRuns.edges.length === 0} empty="No billing runs yet.">
          {(d) => (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped aria-label="Billing runs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Started</Table.Th>
                      <Table.Th>Entity</Table.Th>
                      <Table.Th>Period end</Table.Th>
                      <Table.Th w={220}>Progress</Table.Th>
                      <Table.Th ta="right">Invoices</Table.Th>
                      <Table.Th ta="right">Total</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.billingRuns.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/billing-runs/${encodeURIComponent(node.id)}`}>
                            {formatDate(node.createdAt)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          {node.entity.code}
                          {node.clients.length > 0 && ` (${node.clients.join(', ')})`}
                        </Table.Td>
                        <Table.Td>{formatDate(node.periodEnd)}</Table.Td>
                        <Table.Td>
                          <BillingRunProgressBar progress={node.progress} status={node.status} />
                        </Table.Td>
                        <Table.Td ta="right">{node.invoiceCount}</Table.Td>
                        <Table.Td ta="right">
                          <Money amount={node.total} currency={node.entity.currency} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager pager={pager} pageInfo={d.billingRuns.pageInfo} totalCount={d.billingRuns.totalCount} shown={d.billingRuns.edges.length} label="Billing runs" />
            </>
          )}
        </QueryState>
      </Stack>
    </>
  );
}
