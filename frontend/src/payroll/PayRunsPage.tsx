import { Anchor, Autocomplete, Button, Card, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BillingRunProgressBar } from '../billing/BillingRunProgress';
import { EntitiesQuery } from '../billing/queries';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { todayIso } from '../lib/dates';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { StartPayRunMutation } from './mutations';
import { PayRunsQuery } from './queries';

function StartPayRunForm() {
  const navigate = useNavigate();
  const [{ data: knownEntities }] = useQuery({ query: EntitiesQuery });
  const [entity, setEntity] = useState('');
  const [periodEnd, setPeriodEnd] = useState(todayIso());
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, start] = useMutation(StartPayRunMutation);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: UserError[] = [];
    if (!entity.trim()) local.push({ field: 'entity', code: 'required', message: 'Choose the entity that pays.' });
    if (!periodEnd) local.push({ field: 'periodEnd', code: 'required', message: 'Choose the last day of the pay period.' });
    if (local.length) {
      setErrors(local);
      return;
    }
    const result = await start({ input: { entity: entity.trim().toUpperCase(), periodEnd } });
    const found = collectErrors(result.error, result.data?.startPayRun);
    setErrors(found);
    const run = result.data?.startPayRun.payRun;
    if (found.length === 0 && run) navigate(`/pay-runs/${encodeURIComponent(run.id)}`);
  }

  const shown = (field: string) => errorsAt(errors, field) ?? errorsAt(errors, `input.${field}`);
  return (
    <Card withBorder component="section" aria-labelledby="start-pay-title">
      <form onSubmit={onSubmit} noValidate aria-labelledby="start-pay-title">
        <Stack gap="sm">
          <Title order={2} size="h5" id="start-pay-title">
            Start a pay run
          </Title>
          <Group align="flex-start" gap="sm">
            <Autocomplete label="Entity" required data={(knownEntities?.entities ?? []).map((e) => e.code)} value={entity} onChange={setEntity} w={140} error={shown('entity')} />
            <TextInput label="Period end" description="Pays approved weeks ending on or before it" type="date" required value={periodEnd} onChange={(e) => setPeriodEnd(e.currentTarget.value)} error={shown('periodEnd')} />
          </Group>
          <ErrorList errors={errors.filter((e) => !['entity', 'periodEnd'].some((f) => e.field === f || e.field === `input.${f}`))} title="The pay run was not started" />
          <Group>
            <Button type="submit" loading={fetching}>
              Start pay run
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function PayRunsPage() {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PayRunsQuery, variables: { first: PAGE_SIZE, after: pager.after }, requestPolicy: 'cache-and-network' });
  return (
    <>
      <PageHeader title="Pay runs" />
      <Stack>
        <StartPayRunForm />
        <QueryState what="pay runs" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.payRuns.edges.length === 0} empty="No pay runs yet.">
          {(d) => (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped aria-label="Pay runs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Period end</Table.Th>
                      <Table.Th>Entity</Table.Th>
                      <Table.Th>Pay date</Table.Th>
                      <Table.Th w={220}>Progress</Table.Th>
                      <Table.Th ta="right">Payments</Table.Th>
                      <Table.Th ta="right">Net</Table.Th>
                      <Table.Th>Paid</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.payRuns.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/pay-runs/${encodeURIComponent(node.id)}`}>
                            {formatDate(node.periodEnd)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{node.entity.code}</Table.Td>
                        <Table.Td>{formatDate(node.payDate)}</Table.Td>
                        <Table.Td>
                          <BillingRunProgressBar progress={node.progress} status={node.status} label="Pay run progress" testId="pay-run" />
                        </Table.Td>
                        <Table.Td ta="right">{node.paymentCount}</Table.Td>
                        <Table.Td ta="right">
                          <Money amount={node.total} currency={node.entity.currency} />
                        </Table.Td>
                        <Table.Td>{node.paidAt ? formatDate(node.paidAt) : 'Not yet'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager pager={pager} pageInfo={d.payRuns.pageInfo} totalCount={d.payRuns.totalCount} shown={d.payRuns.edges.length} label="Pay runs" />
            </>
          )}
        </QueryState>
      </Stack>
    </>
  );
}
