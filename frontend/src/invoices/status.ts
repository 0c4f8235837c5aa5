import { todayIso } from '../lib/dates';

const OPEN = new Set(['ISSUED', 'PART_PAID', 'PART_CREDITED']);

/**
 * The status an invoice is shown with, the same in every list and on its page: an open invoice past
 * its due date with money still due reads OVERDUE.
 */
export function invoiceDisplayStatus(invoice: { status: string; dueDate: string; amountDue: string }, today: string = todayIso()): string {
  return OPEN.has(invoice.status) && invoice.dueDate < today && Number(invoice.amountDue) > 0 ? 'OVERDUE' : invoice.status;
}
