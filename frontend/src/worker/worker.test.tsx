import { print } from 'graphql';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, operationName, renderWithProviders } from '../test/render';
import * as queries from './queries';
import WorkerPayslipsPage from './WorkerPayslipsPage';
import { isWorker } from '../app/Audience';

describe('worker portal', () => {
  it("asks only for the worker's own rows (myTimesheets, myPayslips)", () => {
    const documents = Object.values(queries);
    expect(documents.length).toBe(2);
    for (const document of documents) {
      const text = print(document);
      expect(text).toMatch(/^query Worker/);
      expect(text).toMatch(/\bmy(Timesheets|Payslips)\(/);
      expect(text).not.toMatch(/\b(invoices|payRuns|payees|billLines|billRate|grossMargin|bank)\b/);
    }
  });

  it('tells a worker from staff and client users', () => {
    expect(isWorker({ isStaff: false, payee: { code: 'E1' } })).toBe(true);
    expect(isWorker({ isStaff: true, payee: { code: 'E1' } })).toBe(false);
    expect(isWorker({ isStaff: false, payee: null })).toBe(false);
  });

  it('lists the payslips with the PDF link named for each', async () => {
    const executeQuery = vi.fn((op: { query: unknown }) => {
      expect(operationName(op)).toBe('WorkerPayslips');
      return fromValue({
        data: {
          myPayslips: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: null },
            edges: [
              {
                node: {
                  id: 'V29ya2VyUGF5c2xpcDox',
                  kind: 'PAYSLIP',
                  number: 'PS-AU-000001',
                  periodEnd: '2025-10-12',
                  payDate: '2025-10-15',
                  gross: '1760.10',
                  withholding: '381.00',
                  superannuation: '196.22',
                  gst: '0.00',
                  net: '1379.10',
                  superFundName: 'Example Super',
                  pdfUrl: '/documents/payments/1.pdf',
                },
              },
            ],
          },
        },
      });
    });
    renderWithProviders(<WorkerPayslipsPage />, { client: mockClient({ executeQuery }) });
    const row = await screen.findByTestId('payslip-row');
    expect(row).toHaveTextContent('Payslip PS-AU-000001');
    expect(row).toHaveTextContent('1,379.10');
    expect(within(row).getByRole('link', { name: /PDF\s*of PS-AU-000001/ })).toHaveAttribute('href', '/documents/payments/1.pdf');
  });
});
