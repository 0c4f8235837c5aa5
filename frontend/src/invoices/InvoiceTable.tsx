import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import { Money } from '../components/Money';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../lib/format';
import { todayIso } from '../lib/dates';
import { invoiceDisplayStatus } from './status';

export interface InvoiceRow {
  id: string;
  number: string;
  status: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  total: string;
  amountDue: string;
  client: { code: string; name: string };
}


/** Invoices as a table; shared by staff and the portal (no confidential fields involved). */
export function InvoiceTable({ rows, linkBase = '/invoices', showClient = true }: { rows: InvoiceRow[]; linkBase?: string; showClient?: boolean }) {
  const today = todayIso();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover aria-label="Invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            {showClient && <Table.Th>Client</Table.Th>}
            <Table.Th>Issued</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th ta="right">Due now</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            return (
              <Table.Tr key={row.id} data-testid="invoice-row" data-number={row.number} data-client={row.client.code}>
                <Table.Td>
                  <Anchor component={Link} to={`${linkBase}/${encodeURIComponent(row.id)}`}>
                    {row.number}
                  </Anchor>
                </Table.Td>
                {showClient && <Table.Td>{row.client.name}</Table.Td>}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(row.issueDate)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(row.dueDate)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={invoiceDisplayStatus(row, today)} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money amount={row.total} currency={row.currency} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money amount={row.amountDue} currency={row.currency} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
