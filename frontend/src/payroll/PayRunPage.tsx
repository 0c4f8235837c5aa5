import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { useViewer } from '../auth/useViewer';
import { BillingRunProgressBar } from '../billing/BillingRunProgress';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import type { PayRunFieldsFragment } from '../graphql';
import { collectErrors, errorMessage, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { MarkPayRunPaidMutation, RetryPayRunMutation } from './mutations';
import { PayRunAbaQuery, PayRunPaymentsQuery, PayRunQuery } from './queries';
import { PayRunProgressSubscription } from './subscriptions';

const FINISHED = new Set(['COMPLETED', 'FAILED']);

/** The newest of two snapshots of a run: a finished state or more progress wins. */
export function newerPayRun(a: PayRunFieldsFragment | null | undefined, b: PayRunFieldsFragment | null | undefined) {
  if (!a) return b ?? null;
  if (!b) return a;
  if (FINISHED.has(a.status) !== FINISHED.has(b.status)) return FINISHED.has(a.status) ? a : b;
  return b.progress >= a.progress ? b : a;
}

function Payments({ run }: { run: PayRunFieldsFragment }) {
  const [{ data, fetching, error }] = useQuery({ query: PayRunPaymentsQuery, variables: { id: run.id }, requestPolicy: 'network-only' });
  const payments = data?.node && 'payments' in data.node ? data.node.payments : [];
  return (
    <QueryState what="payslips and RCTIs" fetching={fetching} error={error} data={data} isEmpty={() => payments.length === 0} empty="This run paid nobody: no approved, unpaid time was waiting.">
      {() => (
        <Table.ScrollContainer minWidth={820}>
          <Table striped aria-label="Payslips and RCTIs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Worker</Table.Th>
                <Table.Th ta="right">Gross</Table.Th>
                <Table.Th ta="right">PAYG</Table.Th>
                <Table.Th ta="right">Super</Table.Th>
                <Table.Th ta="right">GST</Table.Th>
                <Table.Th ta="right">Net</Table.Th>
                <Table.Th>PDF</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payments.map((p) => (
                <Table.Tr key={p.number}>
                  <Table.Td>
                    {p.kind === 'RCTI' ? 'RCTI' : 'Payslip'} {p.number}
                  </Table.Td>
                  <Table.Td>
                    {p.payee.name} ({p.payee.code})
                  </Table.Td>
                  <Table.Td ta="right"><Money amount={p.gross} currency={run.entity.currency} /></Table.Td>
                  <Table.Td ta="right"><Money amount={p.withholding} currency={run.entity.currency} /></Table.Td>
                  <Table.Td ta="right"><Money amount={p.superannuation} currency={run.entity.currency} /></Table.Td>
                  <Table.Td ta="right"><Money amount={p.gst} currency={run.entity.currency} /></Table.Td>
                  <Table.Td ta="right"><Money amount={p.net} currency={run.entity.currency} /></Table.Td>
                  <Table.Td>
                    <Anchor href={p.pdfUrl} target="_blank" rel="noopener">
                      PDF<VisuallyHidden> of {p.number}</VisuallyHidden>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export default function PayRunPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PayRunQuery, variables: { id }, requestPolicy: 'network-only' });
  const queried = data?.node && 'progress' in data.node ? (data.node as PayRunFieldsFragment) : null;
  const live = !queried || !FINISHED.has(queried.status);
  const [{ data: pushed, error: liveError }] = useSubscription({ query: PayRunProgressSubscription, variables: { id }, pause: !live });
  const [paid, setPaid] = useState<PayRunFieldsFragment | null>(null);
  const run = paid ?? newerPayRun(queried, pushed?.payRunProgress);
  const [{ fetching: marking }, markPaid] = useMutation(MarkPayRunPaidMutation);
  const [{ fetching: retrying }, retry] = useMutation(RetryPayRunMutation);
  const { can } = useViewer();
  const [retryErrors, setRetryErrors] = useState<UserError[]>([]);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [abaError, setAbaError] = useState<string | null>(null);

  async function downloadAba(runId: string, name: string) {
    setAbaError(null);
    const result = await client.query(PayRunAbaQuery, { id: runId }, { requestPolicy: 'network-only' }).toPromise();
    const file = result.data?.node && 'abaFile' in result.data.node ? result.data.node.abaFile : null;
    if (result.error || !file) {
      setAbaError(result.error ? errorMessage(result.error) : 'The server sent no file.');
      return;
    }
    download(name, file);
  }

  return (
    <QueryState what="the pay run" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !run} empty="There is no pay run with this ID.">
      {() =>
        run && (
          <>
            <PageHeader title={`Pay run: ${run.entity.code} to ${formatDate(run.periodEnd)}`} crumbs={[{ label: 'Pay runs', to: '/pay-runs' }]} />
            <Stack>
              <Card withBorder>
                <Stack>
                  <BillingRunProgressBar progress={run.progress} status={run.status} lineCount={run.lineCount} plannedLines={run.plannedLines} label="Pay run progress" testId="pay-run" />
                  {liveError && !FINISHED.has(run.status) && (
                    <Alert color="yellow" title="Live updates interrupted">
                      {errorMessage(liveError)}
                    </Alert>
                  )}
                  <SimpleGrid cols={{ base: 2, sm: 5 }}>
                    <div>
                      <Text size="xs" c="dimmed">Payments</Text>
                      <Text fw={600} data-testid="pay-run-payments">{run.paymentCount}</Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Gross</Text>
                      <Text fw={600}><Money amount={run.grossTotal} currency={run.entity.currency} /></Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Net to pay</Text>
                      <Text fw={600} data-testid="pay-run-total"><Money amount={run.total} currency={run.entity.currency} /></Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Pay date ({run.frequency.toLowerCase()})</Text>
                      <Text fw={600}>{formatDate(run.payDate)}</Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Paid</Text>
                      <Text fw={600}>{run.paidAt ? formatDate(run.paidAt) : 'Not yet'}</Text>
                    </div>
                  </SimpleGrid>
                  {run.status === 'FAILED' && (
                    <Alert color="red" title="The run failed">
                      <Stack gap="xs" align="flex-start">
                        <Text size="sm">{run.failureReason || 'No reason was recorded.'} Retrying pays what is left, nothing twice.</Text>
                        {can('run_payroll') && (
                          <Button size="xs" color="red" loading={retrying} onClick={async () => {
                            const r = await retry({ id: run.id });
                            const found = collectErrors(r.error, r.data?.retryPayRun);
                            setRetryErrors(found);
                            if (found.length === 0) refetch({ requestPolicy: 'network-only' });
                          }}>
                            Retry
                          </Button>
                        )}
                      </Stack>
                    </Alert>
                  )}
                  <ErrorList errors={retryErrors} title="Not retried" />
                  {run.status === 'COMPLETED' && (
                    <Group>
                      <Button variant="light" onClick={() => downloadAba(run.id, `pay-${run.entity.code}-${run.payDate}.aba`)}>
                        Download the ABA bank file
                      </Button>
                      {!run.paidAt && (
                        <Button loading={marking} onClick={async () => {
                          const r = await markPaid({ id: run.id });
                          const found = collectErrors(r.error, r.data?.markPayRunPaid);
                          setErrors(found);
                          if (found.length === 0 && r.data?.markPayRunPaid.payRun) setPaid(r.data.markPayRunPaid.payRun);
                        }}>
                          Mark paid
                        </Button>
                      )}
                    </Group>
                  )}
                  {abaError && (
                    <Alert color="red" title="No bank file" role="alert">
                      {abaError}
                    </Alert>
                  )}
                  <ErrorList errors={errors} title="Not marked paid" />
                </Stack>
              </Card>
              {run.status === 'COMPLETED' && (
                <Card withBorder component="section" aria-labelledby="run-payments">
                  <Title order={2} size="h5" id="run-payments" mb="xs">
                    Payslips and RCTIs
                  </Title>
                  <Payments run={run} />
                </Card>
              )}
            </Stack>
          </>
        )
      }
    </QueryState>
  );
}
