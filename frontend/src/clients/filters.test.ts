import { describe, expect, it } from 'vitest';
import { invoiceFilters } from '../invoices/InvoicesPage';
import { jobOrderFilters } from '../jobOrders/JobOrdersPage';
import { clientFilters } from './ClientsPage';

describe('list filters', () => {
  it('send the typed text as a search (part of a code or name, any case)', () => {
    expect(clientFilters(' acme ', 'KSAU')).toEqual({ search: 'acme', entity: 'KSAU' });
    expect(clientFilters('  ', null)).toBeUndefined();
    expect(jobOrderFilters({ search: 'warehouse', status: 'ACTIVE', client: 'acme' })).toEqual({ search: 'warehouse', status: 'ACTIVE', client: 'ACME' });
    expect(invoiceFilters({ search: 'AU-0001', overdue: 'true' })).toEqual({ search: 'AU-0001', overdue: true });
  });
});
