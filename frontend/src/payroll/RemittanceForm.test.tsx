import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import { RemittanceForm } from './RemittanceForm';

const ROW = { kind: 'SUPER', counterparty: 'Example Super', payDate: '2025-10-15', amount: '196.22', fundUsi: 'EXS0001AU' };

describe('recording PAYG or super paid', () => {
  it('sends the fund and pay date, and explains an over-payment at the amount', async () => {
    const executeMutation = vi.fn((_op: { variables: unknown }) =>
      fromValue({
        data: {
          recordPayrollRemittance: {
            remittance: null,
            errors: [{ field: 'amount', code: 'OVERPAYMENT', message: 'Only 196.22 is still owed for pay date 2025-10-15.' }],
          },
        },
      }),
    );
    const onDone = vi.fn();
    renderWithProviders(<RemittanceForm entity="KSAU" currency="AUD" row={ROW} onClose={vi.fn()} onDone={onDone} />, { client: mockClient({ executeMutation }) });
    const amount = await screen.findByLabelText(/Amount paid/);
    fireEvent.change(amount, { target: { value: '200.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(await screen.findByText('Only 196.22 is still owed for pay date 2025-10-15.')).toBeInTheDocument();
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    expect(onDone).not.toHaveBeenCalled();
    const input = (executeMutation.mock.calls[0][0].variables as { input: Record<string, string> }).input;
    expect(input).toMatchObject({ entity: 'KSAU', kind: 'SUPER', payDate: '2025-10-15', amount: '200.00', fund: 'EXS0001AU' });
  });
});
