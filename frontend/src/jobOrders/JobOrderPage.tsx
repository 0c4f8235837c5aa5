import { Alert, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { humanize } from '../lib/format';
import type { JobOrderQuery as JobOrderResult } from '../graphql';
import { collectErrors, type UserError } from '../lib/errors';
import { todayIso } from '../lib/dates';
import { formatDate } from '../lib/format';
import { TimesheetsTable } from '../timesheets/TimesheetsTable';
import { AssignBillAgreementMutation, TransitionJobOrderMutation } from './mutations';
import { PlacementActions } from './PlacementActions';
import { JobOrderQuery } from './queries';
import { RateQuoteExplainer } from './RateQuoteExplainer';

type JobOrder = Extract<NonNullable<JobOrderResult['node']>, { __typename?: 'JobOrder'; code: string }>;

const NEXT_STATUS: Record<string, string[]> = {
  DRAFT: ['FILLED', 'CANCELLED'],
  FILLED: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['COMPLETED', 'CANCELLED'],
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

function Overview({ jobOrder, onChanged }: { jobOrder: JobOrder; onChanged: () => void }) {
  const { can } = useViewer();
  const manages = can('manage_job_orders');
  const [{ fetching }, transition] = useMutation(TransitionJobOrderMutation);
  const [errors, setErrors] = useState<UserError[]>([]);
  const path = (jobOrder.path ?? {}) as Record<string, string>;
  async function move(status: string) {
    const result = await transition({ jobOrder: jobOrder.id, status });
    setErrors(collectErrors(result.error, result.data?.transitionJobOrder));
  }
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
        <Field label="Client">
          <Anchor component={Link} to={`/clients/${encodeURIComponent(jobOrder.client.id)}`}>
            {jobOrder.client.name}
          </Anchor>
        </Field>
        <Field label="Payee">
          {jobOrder.payee.name} ({humanize(jobOrder.payee.kind)})
        </Field>
        <Field label="Entity">
          {jobOrder.entity.name} ({jobOrder.entity.currency})
        </Field>
        <Field label="Dates">
          {formatDate(jobOrder.start)} – {jobOrder.end ? formatDate(jobOrder.end) : 'open'}
        </Field>
        <Field label="Division">{jobOrder.division}</Field>
        <Field label="PO number">{jobOrder.poNumber}</Field>
        <Field label="Invoice grouping">{humanize(jobOrder.invoiceGrouping)}</Field>
        <Field label="Pay agreement">{jobOrder.payAgreement?.name}</Field>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Hierarchy path
        </Title>
        <Group gap={6} aria-label="Hierarchy path">
          {Object.entries(path).map(([level, value], i) => (
            <Group gap={6} key={level}>
              {i > 0 && <Text c="dimmed">›</Text>}
              <Badge variant="outline" tt="none">
                {level}: {value}
              </Badge>
            </Group>
          ))}
        </Group>
      </Card>
      {manages && NEXT_STATUS[jobOrder.status] && (
        <Group gap="xs">
          <Text size="sm">Move to:</Text>
          {NEXT_STATUS[jobOrder.status].map((s) => (
            <Button key={s} size="xs" variant="light" loading={fetching} onClick={() => move(s)}>
              {humanize(s)}
            </Button>
          ))}
        </Group>
      )}
      <ErrorList errors={errors} title="Could not change the status" />
      {manages && NEXT_STATUS[jobOrder.status] && (
        <PlacementActions id={jobOrder.id} placement={{ code: jobOrder.code, start: jobOrder.start, end: jobOrder.end ?? null, payeeName: jobOrder.payee.name }} onDone={onChanged} />
      )}
    </Stack>
  );
}

export function PayBillTab({ jobOrder }: { jobOrder: JobOrder }) {
  const { can } = useViewer();
  const [{ fetching }, assign] = useMutation(AssignBillAgreementMutation);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [assigning, setAssigning] = useState<string | null>(null);
  async function onAssign(id: string) {
    setAssigning(id);
    const result = await assign({ jobOrder: jobOrder.id, billAgreement: id });
    setAssigning(null);
    setErrors(collectErrors(result.error, result.data?.assignBillAgreement));
  }
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="agreements-title">
        <Stack gap="sm">
          <Title order={3} size="h5" id="agreements-title">
            Applicable bill agreements
          </Title>
          <Text size="sm" c="dimmed">
            Headers whose node is on this job order's path and whose validity covers its dates. Current:{' '}
            <strong data-testid="current-bill-agreement">{jobOrder.billAgreement?.name ?? 'none'}</strong>
          </Text>
          {jobOrder.applicableBillAgreements.length === 0 ? (
            <Alert color="yellow" title="No applicable bill agreement">
              Add a bill agreement at a node on this job order's path; it cannot take timesheets without one.
            </Alert>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Applicable bill agreements">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Agreement</Table.Th>
                    <Table.Th>Node</Table.Th>
                    <Table.Th>Valid</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Action</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {jobOrder.applicableBillAgreements.map((a) => {
                    const current = a.id === jobOrder.billAgreement?.id;
                    return (
                      <Table.Tr key={a.id}>
                        <Table.Td>{a.name}</Table.Td>
                        <Table.Td>
                          <Code>
                            {a.nodeLevel}={a.nodeValue}
                          </Code>
                        </Table.Td>
                        <Table.Td>
                          {formatDate(a.validFrom)} – {a.validTo ? formatDate(a.validTo) : 'open'}
                        </Table.Td>
                        <Table.Td>
                          {current ? (
                            <Badge color="green">Assigned</Badge>
                          ) : (
                            can('manage_job_orders') && <Button size="xs" variant="light" onClick={() => onAssign(a.id)} loading={fetching && assigning === a.id} aria-label={`Assign ${a.name}`}>
                              Assign
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <ErrorList errors={errors} title="Not assigned" />
        </Stack>
      </Card>
      <RateQuoteExplainer jobOrderId={jobOrder.id} currency={jobOrder.entity.currency} defaultDate={clampDate(todayIso(), jobOrder.start, jobOrder.end)} />
    </Stack>
  );
}

/** `date` moved inside [start, end] (ISO dates compare as strings). */
export function clampDate(date: string, start: string, end: string | null): string {
  if (date < start) return start;
  if (end && date > end) return end;
  return date;
}

export default function JobOrderPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const [tab, setTab] = useState<string | null>('overview');
  const [{ data, fetching, error }, refetch] = useQuery({ query: JobOrderQuery, variables: { id } });
  const jobOrder = data?.node && 'code' in data.node ? (data.node as JobOrder) : null;
  return (
    <QueryState
      what="the job order"
      fetching={fetching}
      error={error}
      data={data}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      isEmpty={() => !jobOrder}
      empty="There is no job order with this ID."
    >
      {() =>
        jobOrder && (
          <>
            <PageHeader
              title={
                <>
                  {jobOrder.code} · {jobOrder.title}
                </>
              }
              crumbs={[{ label: 'Job orders', to: '/job-orders' }]}
              actions={
                <>
                  <StatusBadge status={jobOrder.status} />
                  {can('manage_job_orders') && NEXT_STATUS[jobOrder.status] && (
                    <Button component={Link} to={`/job-orders/${encodeURIComponent(jobOrder.id)}/edit`} size="xs" variant="light">
                      Edit
                    </Button>
                  )}
                  <Button component={Link} to={`/timesheets/new?jobOrder=${encodeURIComponent(jobOrder.code)}`} size="xs" variant="light">
                    Enter a timesheet
                  </Button>
                </>
              }
            />
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="overview">Overview</Tabs.Tab>
                <Tabs.Tab value="pay-bill">Pay/Bill</Tabs.Tab>
                <Tabs.Tab value="timesheets">Timesheets</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="overview">
                <Overview jobOrder={jobOrder} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
              </Tabs.Panel>
              <Tabs.Panel value="pay-bill">
                <PayBillTab jobOrder={jobOrder} />
              </Tabs.Panel>
              <Tabs.Panel value="timesheets">
                <TimesheetsTable filters={{ jobOrder: jobOrder.code }} />
              </Tabs.Panel>
            </Tabs>
          </>
        )
      }
    </QueryState>
  );
}
