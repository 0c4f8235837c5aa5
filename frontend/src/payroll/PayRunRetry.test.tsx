import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, operationName, renderWithProviders } from '../test/render';
import PayRunPage from './PayRunPage';

const run = (status: string, failureReason = '') => ({
  __typename: 'PayRun',
  id: 'UGF5UnVuOjE=',
  status,
  progress: 0.5,
  periodEnd: '2025-10-12',
  payDate: '2025-10-15',
  frequency: 'WEEKLY',
  paymentCount: 1,
  lineCount: 6,
  plannedLines: 12,
  grossTotal: '1760.10',
  total: '1379.10',
  failureReason,
  paidAt: null,
  createdAt: '2025-10-13T01:00:00Z',
  entity: { code: 'KSAU', name: 'KS Staffing', currency: 'AUD' },
});

function renderFailedRun(permissions: string[]) {
  const viewer = { username: 'fiona', roles: ['finance'], isStaff: true, client: null, permissions };
  const executeQuery = vi.fn((op: { query: unknown }) =>
    fromValue({ data: operationName(op) === 'PayRun' ? { node: run('FAILED', 'Stale: No progress since 2025-10-13.') } : { viewer } }),
  );
  const executeMutation = vi.fn(() => fromValue({ data: { retryPayRun: { payRun: run('QUEUED'), errors: [] } } }));
  renderWithProviders(<PayRunPage />, { client: mockClient({ executeQuery, executeMutation }), path: '/pay-runs/:id' });
  return executeMutation;
}

describe('a failed pay run', () => {
  it('says why and offers Retry to those who run payroll', async () => {
    const executeMutation = renderFailedRun(['run_payroll']);
    expect(await screen.findByText(/Stale: No progress since 2025-10-13\. Retrying pays what is left, nothing twice\./)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(executeMutation).toHaveBeenCalledTimes(1));
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ query: unknown; variables: unknown }];
    expect([operationName(operation), operation.variables]).toEqual(['RetryPayRun', { id: 'UGF5UnVuOjE=' }]);
  });

  it('shows no Retry to others', async () => {
    renderFailedRun([]);
    expect(await screen.findByText(/Retrying pays what is left/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
