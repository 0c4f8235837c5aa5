import { SimpleGrid, Text } from '@mantine/core';
import { Money } from '../components/Money';
import { formatDate, formatPercent } from '../lib/format';

interface InvoiceTotals {
  issueDate: string;
  dueDate: string;
  currency: string;
  taxRate: string;
  subtotal: string;
  taxTotal: string;
  total: string;
  amountPaid: string;
  amountCredited: string;
  amountDue: string;
}

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** Dates and totals of an invoice (staff and portal). */
export function InvoiceSummary({ invoice }: { invoice: InvoiceTotals }) {
  const c = invoice.currency;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
      <Item label="Issued">{formatDate(invoice.issueDate)}</Item>
      <Item label="Due">{formatDate(invoice.dueDate)}</Item>
      <Item label="Subtotal">
        <Money amount={invoice.subtotal} currency={c} />
      </Item>
      <Item label={`Tax (${formatPercent(invoice.taxRate)})`}>
        <Money amount={invoice.taxTotal} currency={c} />
      </Item>
      <Item label="Total" testId="invoice-total">
        <Money amount={invoice.total} currency={c} />
      </Item>
      <Item label="Paid">
        <Money amount={invoice.amountPaid} currency={c} />
      </Item>
      <Item label="Credited">
        <Money amount={invoice.amountCredited} currency={c} />
      </Item>
      <Item label="Amount due" testId="invoice-amount-due">
        <Money amount={invoice.amountDue} currency={c} />
      </Item>
    </SimpleGrid>
  );
}
