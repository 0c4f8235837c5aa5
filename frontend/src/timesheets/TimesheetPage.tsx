import { Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { Provenance } from '../components/Provenance';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import type { TimesheetQuery as TimesheetResult } from '../graphql';
import { formatWeekday } from '../lib/dates';
import { collectErrors, type UserError } from '../lib/errors';
import { formatDate, formatQuantity, sumMoney } from '../lib/format';
import { entryHours } from './hours';
import { ApproveTimesheetMutation, RejectTimesheetMutation, ReopenTimesheetMutation } from './mutations';
import { TimesheetQuery } from './queries';

type Timesheet = Extract<NonNullable<TimesheetResult['node']>, { weekStarting: string }>;

function Actions({ timesheet }: { timesheet: Timesheet }) {
  const [approveState, approve] = useMutation(ApproveTimesheetMutation);
  const [rejectState, reject] = useMutation(RejectTimesheetMutation);
  const [reopenState, reopen] = useMutation(ReopenTimesheetMutation);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Group gap="xs">
        {timesheet.status === 'SUBMITTED' && (
          <>
            <Button size="xs" loading={approveState.fetching} onClick={async () => {
              const r = await approve({ id: timesheet.id });
              setErrors(collectErrors(r.error, r.data?.approveTimesheet));
            }}>
              Approve
            </Button>
            <Button size="xs" color="red" variant="light" onClick={() => setRejecting(true)}>
              Reject…
            </Button>
          </>
        )}
        {(timesheet.status === 'APPROVED' || timesheet.status === 'REJECTED') && (
          <Button size="xs" variant="default" loading={reopenState.fetching} onClick={async () => {
            const r = await reopen({ id: timesheet.id });
            setErrors(collectErrors(r.error, r.data?.reopenTimesheet));
          }}>
            Reopen
          </Button>
        )}
      </Group>
      <ErrorList errors={errors} title="Not changed" />
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title="Reject the timesheet">
        <Stack>
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus autosize minRows={2} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
            <Button color="red" disabled={!reason.trim()} loading={rejectState.fetching} onClick={async () => {
              const r = await reject({ id: timesheet.id, reason: reason.trim() });
              setErrors(collectErrors(r.error, r.data?.rejectTimesheet));
              setRejecting(false);
            }}>
              Reject
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export default function TimesheetPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TimesheetQuery, variables: { id } });
  const [open, setOpen] = useState<number | null>(null);
  const timesheet = data?.node && 'weekStarting' in data.node ? (data.node as Timesheet) : null;
  return (
    <QueryState what="the timesheet" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !timesheet} empty="There is no timesheet with this ID.">
      {() => {
        if (!timesheet) return null;
        const currency = timesheet.jobOrder.entity.currency;
        return (
          <>
            <PageHeader
              title={`${timesheet.jobOrder.code}, week of ${formatDate(timesheet.weekStarting)}`}
              crumbs={[{ label: 'Timesheets', to: '/timesheets' }]}
              actions={<StatusBadge status={timesheet.status} />}
            >
              <Text c="dimmed" size="sm">
                {timesheet.jobOrder.title} · {timesheet.jobOrder.client.name} · {timesheet.jobOrder.payee.name}
                {timesheet.rejectionReason && ` · Rejected: ${timesheet.rejectionReason}`}
              </Text>
            </PageHeader>
            <Stack>
              <Actions timesheet={timesheet} />
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Entries
                </Title>
                <Table aria-label="Entries">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Day</Table.Th>
                      <Table.Th>Shift</Table.Th>
                      <Table.Th ta="right">Hours / units</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {timesheet.entries.map((e, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{formatWeekday(e.date)}</Table.Td>
                        <Table.Td>{e.payCode && e.quantity ? e.payCode : e.start && e.end ? `${e.start.slice(0, 5)}–${e.end.slice(0, 5)}, ${e.breakMinutes} min break` : '—'}</Table.Td>
                        <Table.Td ta="right">{e.payCode && e.quantity ? formatQuantity(e.quantity) : formatQuantity(Math.round(entryHours(e) * 100) / 100)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
              {timesheet.billLines.length > 0 && (
                <SimpleGrid cols={{ base: 1, lg: 2 }}>
                  <Card withBorder>
                    <Title order={2} size="h5" mb="xs">
                      Pay lines
                    </Title>
                    <Table aria-label="Pay lines">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Pay code</Table.Th>
                          <Table.Th ta="right">Quantity</Table.Th>
                          <Table.Th ta="right">Pay rate</Table.Th>
                          <Table.Th ta="right">Wage</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {timesheet.payLines.map((l, i) => (
                          <Table.Tr key={i}>
                            <Table.Td>{l.payCode}</Table.Td>
                            <Table.Td ta="right">{formatQuantity(l.quantity)}</Table.Td>
                            <Table.Td ta="right"><Money amount={l.payRate} currency={currency} rate /></Table.Td>
                            <Table.Td ta="right"><Money amount={l.wage} currency={currency} /></Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Card>
                  <Card withBorder>
                    <Title order={2} size="h5" mb="xs">
                      Bill lines
                    </Title>
                    <Table aria-label="Bill lines">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Pay code</Table.Th>
                          <Table.Th ta="right">Quantity</Table.Th>
                          <Table.Th ta="right">Bill rate</Table.Th>
                          <Table.Th ta="right">Amount</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {timesheet.billLines.map((l, i) => (
                          <Fragment key={i}>
                            <Table.Tr>
                              <Table.Td>
                                <Button variant="subtle" size="compact-xs" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                                  {l.payCode}
                                </Button>
                              </Table.Td>
                              <Table.Td ta="right">{formatQuantity(l.quantity)}</Table.Td>
                              <Table.Td ta="right"><Money amount={l.billRate} currency={currency} rate /></Table.Td>
                              <Table.Td ta="right"><Money amount={l.billAmount} currency={currency} /></Table.Td>
                            </Table.Tr>
                            {open === i && (
                              <Table.Tr>
                                <Table.Td colSpan={4}>
                                  <Provenance value={l.provenance} />
                                </Table.Td>
                              </Table.Tr>
                            )}
                          </Fragment>
                        ))}
                      </Table.Tbody>
                      <Table.Tfoot>
                        <Table.Tr>
                          <Table.Th colSpan={3}>Total (before tax)</Table.Th>
                          <Table.Th ta="right"><Money amount={sumMoney(timesheet.billLines.map((l) => l.billAmount))} currency={currency} /></Table.Th>
                        </Table.Tr>
                      </Table.Tfoot>
                    </Table>
                  </Card>
                </SimpleGrid>
              )}
            </Stack>
          </>
        );
      }}
    </QueryState>
  );
}
