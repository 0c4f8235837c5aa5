import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useViewer } from '../auth/useViewer';
import { ErrorList } from '../components/ErrorList';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import type { BillingRunFieldsFragment } from '../graphql';
import { collectErrors, errorMessage, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { InvoicesList } from '../invoices/InvoicesList';
import { BillingRunProgressBar } from './BillingRunProgress';
import { RetryBillingRunMutation } from './mutations';
import { BillingRunQuery } from './queries';
import { BillingRunProgressSubscription } from './subscriptions';

const FINISHED = new Set(['COMPLETED', 'FAILED']);

/** The newest of two snapshots of a run: a finished state or more progress wins. */
export function newerRun(a: BillingRunFieldsFragment | null | undefined, b: BillingRunFieldsFragment | null | undefined) {
  if (!a) return b ?? null;
  if (!b) return a;
  if (FINISHED.has(a.status) !== FINISHED.has(b.status)) return FINISHED.has(a.status) ? a : b;
  return b.progress >= a.progress ? b : a;
}

export default function BillingRunPage() {
  const { can } = useViewer();
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BillingRunQuery, variables: { id }, requestPolicy: 'network-only' });
  const queried = data?.node && 'progress' in data.node ? (data.node as BillingRunFieldsFragment) : null;
  const live = !queried || !FINISHED.has(queried.status);
  const [{ data: pushed, error: liveError }] = useSubscription({ query: BillingRunProgressSubscription, variables: { id }, pause: !live });
  const run = newerRun(queried, pushed?.billingRunProgress);
  const [{ fetching: retrying }, retry] = useMutation(RetryBillingRunMutation);
  const [errors, setErrors] = useState<UserError[]>([]);

  return (
    <QueryState what="the billing run" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !run} empty="There is no billing run with this ID.">
      {() =>
        run && (
          <>
            <PageHeader title={`Billing run: ${run.entity.code} to ${formatDate(run.periodEnd)}`} crumbs={[{ label: 'Billing runs', to: '/billing-runs' }]} />
            <Stack>
              <Card withBorder>
                <Stack>
                  <BillingRunProgressBar progress={run.progress} status={run.status} lineCount={run.lineCount} plannedLines={run.plannedLines} />
                  {liveError && !FINISHED.has(run.status) && (
                    <Alert color="yellow" title="Live updates interrupted">
                      {errorMessage(liveError)}
                    </Alert>
                  )}
                  <SimpleGrid cols={{ base: 2, sm: 4 }}>
                    <div>
                      <Text size="xs" c="dimmed">Invoices</Text>
                      <Text fw={600} data-testid="billing-run-invoices">{run.invoiceCount}</Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Lines</Text>
                      <Text fw={600}>{run.lineCount}</Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Total</Text>
                      <Text fw={600} data-testid="billing-run-total">
                        <Money amount={run.total} currency={run.entity.currency} />
                      </Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">Issue date</Text>
                      <Text fw={600}>{formatDate(run.issueDate)}</Text>
                    </div>
                  </SimpleGrid>
                  {run.status === 'FAILED' && (
                    <Alert color="red" title="The run failed">
                      <Stack gap="xs" align="flex-start">
                        <Text size="sm">{run.failureReason || 'No reason was recorded.'} Retrying bills what is left, nothing twice.</Text>
                        {can('run_billing') && <Button size="xs" color="red" loading={retrying} onClick={async () => {
                          const r = await retry({ id: run.id });
                          setErrors(collectErrors(r.error, r.data?.retryBillingRun));
                        }}>
                          Retry
                        </Button>}
                      </Stack>
                    </Alert>
                  )}
                  <ErrorList errors={errors} title="Not retried" />
                </Stack>
              </Card>
              {run.status === 'COMPLETED' && (
                <Card withBorder component="section" aria-labelledby="run-invoices">
                  <Group justify="space-between" mb="xs">
                    <Title order={2} size="h5" id="run-invoices">
                      Invoices issued by this run ({run.entity.code}, {formatDate(run.issueDate)})
                    </Title>
                    <Button component={Link} variant="subtle" size="xs" to={`/invoices?entity=${run.entity.code}&issuedFrom=${run.issueDate}&issuedTo=${run.issueDate}`}>
                      Open in the invoice list
                    </Button>
                  </Group>
                  <InvoicesList filters={{ billingRun: run.id }} empty="This run made no invoices: nothing approved was waiting to be billed." />
                </Card>
              )}
            </Stack>
          </>
        )
      }
    </QueryState>
  );
}
