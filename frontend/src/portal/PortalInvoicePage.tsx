import { Button, Card, Stack, Table, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { invoiceDisplayStatus } from '../invoices/status';
import type { PortalInvoiceQuery as Result } from '../graphql';
import { InvoiceSummary } from '../invoices/InvoiceSummary';
import { formatQuantity } from '../lib/format';
import { PortalInvoiceQuery } from './queries';

type Invoice = Extract<NonNullable<Result['node']>, { number: string }>;

export default function PortalInvoicePage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PortalInvoiceQuery, variables: { id } });
  const invoice = data?.node && 'number' in data.node ? (data.node as Invoice) : null;
  return (
    <QueryState what="the invoice" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !invoice} empty="There is no invoice with this ID.">
      {() =>
        invoice && (
          <>
            <PageHeader
              title={<span data-testid="invoice-number">Invoice {invoice.number}</span>}
              crumbs={[{ label: 'Your invoices', to: '/invoices' }]}
              actions={
                <>
                  <StatusBadge status={invoiceDisplayStatus(invoice)} />
                  <Button component="a" href={invoice.pdfUrl} download={`${invoice.number}.pdf`} variant="default">
                    Download PDF
                  </Button>
                </>
              }
            />
            <Stack>
              <Card withBorder>
                <InvoiceSummary invoice={invoice} />
              </Card>
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Lines
                </Title>
                <Table.ScrollContainer minWidth={600}>
                  <Table aria-label="Invoice lines">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>#</Table.Th>
                        <Table.Th>Description</Table.Th>
                        <Table.Th>Job order</Table.Th>
                        <Table.Th ta="right">Quantity</Table.Th>
                        <Table.Th ta="right">Unit price</Table.Th>
                        <Table.Th ta="right">Amount</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {invoice.lines.map((l, index) => (
                        <Table.Tr key={l.id}>
                          <Table.Td>{index + 1}</Table.Td>
                          <Table.Td>{l.description}</Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.jobOrder.code}</Table.Td>
                          <Table.Td ta="right">{formatQuantity(l.quantity)}</Table.Td>
                          <Table.Td ta="right">
                            <Money amount={l.unitPrice} currency={invoice.currency} rate />
                          </Table.Td>
                          <Table.Td ta="right">
                            <Money amount={l.amount} currency={invoice.currency} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
            </Stack>
          </>
        )
      }
    </QueryState>
  );
}
