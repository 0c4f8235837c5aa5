import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { Provenance } from '../components/Provenance';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import type { InvoiceQuery as InvoiceResult } from '../graphql';
import { formatDate, formatQuantity } from '../lib/format';
import { CreditNoteButton, EmailInvoiceButton, RecordPaymentButton } from './InvoiceActions';
import { InvoiceSummary } from './InvoiceSummary';
import { invoiceDisplayStatus } from './status';
import { InvoiceQuery } from './queries';

type Invoice = Extract<NonNullable<InvoiceResult['node']>, { number: string }>;
export default function InvoicePage() {
  const { can } = useViewer();
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: InvoiceQuery, variables: { id } });
  const [open, setOpen] = useState<string | null>(null);
  const invoice = data?.node && 'number' in data.node ? (data.node as Invoice) : null;
  return (
    <QueryState what="the invoice" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !invoice} empty="There is no invoice with this ID.">
      {() => {
        if (!invoice) return null;
        const c = invoice.currency;
        return (
          <>
            <PageHeader
              title={<span data-testid="invoice-number">Invoice {invoice.number}</span>}
              crumbs={[{ label: 'Invoices', to: '/invoices' }]}
              actions={
                <>
                  <StatusBadge status={invoiceDisplayStatus(invoice)} />
                  <Button component="a" href={invoice.pdfUrl} download={`${invoice.number}.pdf`} variant="default">
                    Download PDF
                  </Button>
                  {can('record_payment') && <RecordPaymentButton invoice={invoice} />}
                  {can('credit_invoice') && <CreditNoteButton invoice={invoice} />}
                  <EmailInvoiceButton invoice={invoice} />
                </>
              }
            >
              <Text c="dimmed" size="sm">
                <Anchor component={Link} to={`/clients/${encodeURIComponent(invoice.client.id)}`}>
                  {invoice.client.name}
                </Anchor>{' '}
                · {invoice.entity.name}
                {invoice.rebillOf && (
                  <>
                    {' '}· re-bill of{' '}
                    <Anchor component={Link} to={`/invoices/${encodeURIComponent(invoice.rebillOf.id)}`}>
                      {invoice.rebillOf.number}
                    </Anchor>
                  </>
                )}
              </Text>
            </PageHeader>
            <Stack>
              <Card withBorder>
                <InvoiceSummary invoice={invoice} />
              </Card>
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Lines
                </Title>
                <Text size="xs" c="dimmed" mb="xs">
                  Open a line's provenance to see the agreement, rule, line, pay rate and oncosts that priced it.
                </Text>
                <Table.ScrollContainer minWidth={720}>
                  <Table aria-label="Invoice lines">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>#</Table.Th>
                        <Table.Th>Description</Table.Th>
                        <Table.Th>Job order</Table.Th>
                        <Table.Th ta="right">Quantity</Table.Th>
                        <Table.Th ta="right">Unit price</Table.Th>
                        <Table.Th ta="right">Amount</Table.Th>
                        <Table.Th>Provenance</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {invoice.lines.map((line, index) => {
                        const source = line.billLine;
                        return (
                          <Fragment key={line.id}>
                            <Table.Tr>
                              <Table.Td>{index + 1}</Table.Td>
                              <Table.Td>{line.description}</Table.Td>
                              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                                <Anchor component={Link} to={`/job-orders/${encodeURIComponent(line.jobOrder.id)}`}>
                                  {line.jobOrder.code}
                                </Anchor>
                              </Table.Td>
                              <Table.Td ta="right">{formatQuantity(line.quantity)}</Table.Td>
                              <Table.Td ta="right">
                                <Money amount={line.unitPrice} currency={c} rate />
                              </Table.Td>
                              <Table.Td ta="right">
                                <Money amount={line.amount} currency={c} />
                              </Table.Td>
                              <Table.Td>
                                {line.timesheet ? (
                                  <Group gap={4} wrap="nowrap">
                                    <Anchor component={Link} to={`/timesheets/${encodeURIComponent(line.timesheet.id)}`} size="sm">
                                      Timesheet {formatDate(line.timesheet.weekStarting)}
                                    </Anchor>
                                    {source && (
                                      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === line.id ? null : line.id)} aria-expanded={open === line.id}>
                                        {open === line.id ? 'Hide' : 'Explain'}
                                      </Button>
                                    )}
                                  </Group>
                                ) : (
                                  <Text size="sm" c="dimmed">
                                    Re-bill
                                  </Text>
                                )}
                              </Table.Td>
                            </Table.Tr>
                            {open === line.id && source && (
                              <Table.Tr>
                                <Table.Td colSpan={7}>
                                  <Provenance value={source.provenance} />
                                </Table.Td>
                              </Table.Tr>
                            )}
                          </Fragment>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
              {(invoice.creditNotes.length > 0 || invoice.allocations.length > 0 || invoice.rebilledBy.length > 0) && (
                <Card withBorder>
                  <Title order={2} size="h5" mb="xs">
                    Credit notes and receipts
                  </Title>
                  <Table aria-label="Credit notes and receipts">
                    <Table.Tbody>
                      {invoice.creditNotes.map((n) => (
                        <Table.Tr key={n.id}>
                          <Table.Td>
                            Credit note <Anchor href={n.pdfUrl}>{n.number}</Anchor>
                            {n.reopened && ' (re-price: timesheets re-opened)'}
                          </Table.Td>
                          <Table.Td>{formatDate(n.issueDate)}</Table.Td>
                          <Table.Td>{n.reason}</Table.Td>
                          <Table.Td ta="right">
                            <Money amount={n.total} currency={c} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                      {invoice.rebilledBy.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td colSpan={4}>
                            Corrected and billed again on <Anchor component={Link} to={`/invoices/${encodeURIComponent(r.id)}`}>{r.number}</Anchor>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                      {invoice.allocations.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td>{r.receipt.status === 'REVERSED' ? 'Receipt (reversed)' : 'Receipt'}</Table.Td>
                          <Table.Td>{formatDate(r.allocatedOn)}</Table.Td>
                          <Table.Td>{r.receipt.reference}</Table.Td>
                          <Table.Td ta="right">
                            <Money amount={r.amount} currency={c} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Card>
              )}
            </Stack>
          </>
        );
      }}
    </QueryState>
  );
}
