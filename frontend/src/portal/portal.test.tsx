import { print } from 'graphql';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, operationName, renderWithProviders } from '../test/render';
import * as mutations from './mutations';
import PortalInvoicesPage from './PortalInvoicesPage';
import * as queries from './queries';

const CONFIDENTIAL = /\b(payRate|wage|payLines|payOncosts|billOncosts|costRate|grossMargin|marginPercent|provenance|payAgreement|billAgreement)\b/;

describe('client portal operations', () => {
  it('never ask for a pay rate, wage, oncost, margin or provenance', () => {
    const documents = [...Object.values(queries), ...Object.values(mutations)];
    expect(documents.length).toBeGreaterThanOrEqual(6);
    for (const document of documents) {
      const text = print(document);
      expect(text).toMatch(/^(query|mutation) Portal/);
      expect(text).not.toMatch(CONFIDENTIAL);
    }
  });

  it("lists the client's invoices with their totals in the invoice currency", async () => {
    const executeQuery = vi.fn((op: { query: unknown }) => {
      expect(operationName(op)).toBe('PortalInvoices');
      return fromValue({
        data: {
          invoices: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: null },
            edges: [
              {
                node: {
                  id: 'SW52b2ljZTox',
                  number: 'AU-000001',
                  status: 'ISSUED',
                  issueDate: '2025-11-24',
                  dueDate: '2099-12-24',
                  currency: 'AUD',
                  total: '1077.14',
                  amountDue: '1077.14',
                  client: { code: 'ACME', name: 'Acme Logistics' },
                },
              },
            ],
          },
        },
      });
    });
    renderWithProviders(<PortalInvoicesPage />, { client: mockClient({ executeQuery }) });
    const row = await screen.findByTestId('invoice-row');
    expect(row).toHaveTextContent('AU-000001');
    expect(row).toHaveTextContent('1,077.14');
    expect(row).not.toHaveTextContent('Acme Logistics'); // no client column in the portal
    expect(screen.getByText('1–1 of 1')).toBeInTheDocument();
  });

  it('says so when there are no invoices', async () => {
    const executeQuery = vi.fn(() =>
      fromValue({ data: { invoices: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } }),
    );
    renderWithProviders(<PortalInvoicesPage />, { client: mockClient({ executeQuery }) });
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('No invoices yet.');
  });
});
