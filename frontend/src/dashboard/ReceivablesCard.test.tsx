import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue, makeSubject } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import { ReceivablesCard } from './ReceivablesCard';

const summary = (outstanding: string, overdue: string) => ({
  __typename: 'ReceivablesSummary',
  entity: 'KSAU',
  currency: 'AUD',
  asOf: '2025-11-24',
  outstanding,
  overdue,
  current: '100.00',
  days1To30: overdue,
  days31To60: '0.00',
  days61To90: '0.00',
  days90Plus: '0.00',
});

describe('ReceivablesCard', () => {
  it('shows the queried summary, then every receivablesChanged push', async () => {
    const pushes = makeSubject<{ data: unknown }>();
    const onChange = vi.fn();
    const client = mockClient({
      executeQuery: vi.fn(() => fromValue({ data: { receivables: summary('100.00', '0.00') } })),
      executeSubscription: vi.fn(() => pushes.source),
    });
    renderWithProviders(<ReceivablesCard entity="KSAU" onChange={onChange} />, { client });
    expect(await screen.findByTestId('outstanding-KSAU')).toHaveTextContent('100.00');
    expect(screen.getByTestId('overdue-KSAU')).toHaveTextContent('0.00');
    expect(screen.getByRole('img', { name: 'Receivables ageing for KSAU' })).toBeInTheDocument();
    expect(screen.queryByText('updated live')).toBeNull();

    act(() => pushes.next({ data: { receivablesChanged: summary('1177.14', '1077.14') } }));
    expect(screen.getByTestId('outstanding-KSAU')).toHaveTextContent('1,177.14');
    expect(screen.getByTestId('overdue-KSAU')).toHaveTextContent('1,077.14');
    expect(screen.getByText('updated live')).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
