import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue, makeSubject } from 'wonka';
import { mockClient, operationName, renderWithProviders } from '../test/render';
import BillingRunPage, { newerRun } from './BillingRunPage';

const run = (status: string, progress: number, extra: Record<string, unknown> = {}) => ({
  __typename: 'BillingRun',
  id: 'QmlsbGluZ1J1bjox',
  status,
  progress,
  invoiceCount: 0,
  lineCount: 0,
  plannedLines: 4,
  total: '0.00',
  periodEnd: '2025-11-23',
  issueDate: '2025-11-24',
  clients: [],
  attempts: 1,
  failureReason: '',
  createdAt: '2025-11-24T01:00:00Z',
  startedAt: null,
  finishedAt: null,
  entity: { code: 'KSAU', name: 'KS Staffing', currency: 'AUD' },
  ...extra,
});

describe('BillingRunPage', () => {
  it('moves the progress bar with every billingRunProgress push up to 100%', async () => {
    const pushes = makeSubject<{ data: unknown }>();
    const executeQuery = vi.fn((op: { query: unknown }) =>
      operationName(op) === 'BillingRun'
        ? fromValue({ data: { node: run('QUEUED', 0) } })
        : fromValue({ data: { invoices: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } }),
    );
    const executeSubscription = vi.fn(() => pushes.source);
    renderWithProviders(<BillingRunPage />, { client: mockClient({ executeQuery, executeSubscription }), path: '/billing-runs/:id' });
    // createMemoryRouter starts at the path pattern; the id param is ":id" - fine for a mock.
    const percent = await screen.findByTestId('billing-run-percent');
    expect(percent).toHaveTextContent('0%');
    expect(executeSubscription).toHaveBeenCalledTimes(1);

    act(() => pushes.next({ data: { billingRunProgress: run('RUNNING', 0.5, { lineCount: 2 }) } }));
    expect(screen.getByTestId('billing-run-percent')).toHaveTextContent('50% · 2 of 4 lines');
    expect(screen.getByRole('progressbar', { name: 'Billing run progress' })).toHaveAttribute('aria-valuenow', '50');

    act(() => pushes.next({ data: { billingRunProgress: run('COMPLETED', 1, { lineCount: 4, invoiceCount: 2, total: '1077.14' }) } }));
    expect(screen.getByTestId('billing-run-percent')).toHaveTextContent('100%');
    expect(screen.getByRole('progressbar', { name: 'Billing run progress' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByTestId('billing-run-total')).toHaveTextContent('1,077.14');
    expect(await screen.findByText(/This run made no invoices/)).toBeInTheDocument();
  });

  it('keeps the newer of two snapshots', () => {
    const a = run('RUNNING', 0.75);
    const b = run('RUNNING', 0.5);
    const done = run('COMPLETED', 1);
    expect(newerRun(a, b)).toBe(a);
    expect(newerRun(done, a)).toBe(done);
    expect(newerRun(null, b)).toBe(b);
  });
});
