import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue, makeSubject } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import { MarginCard } from './MarginCard';

const row = (key: string, bill: string, margin: string) => ({ key, label: key === 'ACME' ? 'Acme Logistics' : key, billAmount: bill, wage: '700.00', oncosts: '137.08', grossMargin: margin, marginPercent: '14.52' });
const summary = (margin: string) => ({ marginSummary: { entity: 'KSAU', from: null, to: null, totals: row('all', '979.22', margin), byClient: [row('ACME', '979.22', margin)] } });

describe('MarginCard', () => {
  it('shows the margin in the entity currency and refetches on every marginChanged push', async () => {
    const pushes = makeSubject<{ data: unknown }>();
    let margin = '142.14';
    const executeQuery = vi.fn(() => fromValue({ data: summary(margin) }));
    const onChange = vi.fn();
    renderWithProviders(<MarginCard entity="KSAU" currency="AUD" onChange={onChange} />, {
      client: mockClient({ executeQuery, executeSubscription: vi.fn(() => pushes.source) }),
    });
    expect(await screen.findByTestId('margin-KSAU')).toHaveTextContent('142.14');
    expect(screen.getByRole('table', { name: 'Margin by client' })).toHaveTextContent('Acme Logistics');
    const before = executeQuery.mock.calls.length;

    margin = '200.00';
    act(() => pushes.next({ data: { marginChanged: { totals: { billAmount: '1', grossMargin: '1' } } } }));
    expect(await screen.findByText('updated live')).toBeInTheDocument();
    expect(executeQuery.mock.calls.length).toBeGreaterThan(before);
    expect(await screen.findByText('$200.00', { selector: '[data-testid="margin-KSAU"]' })).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
