import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { theme } from '../app/theme';
import { describeMethod } from '../lib/rates';
import { RateQuoteView, type RateQuote } from './RateQuoteExplainer';

// docs/design.md's worked check: pay $350 with a $15 bill oncost at a 12% margin bills $414.77.
const quote: RateQuote = {
  payCode: 'ORD',
  quantity: '1',
  payRate: '350.0000',
  wage: '350.00',
  billOncosts: [{ code: 'SUPER', amount: '15.00' }],
  payOncosts: [{ code: 'PRT_NSW', amount: '19.08' }],
  costRate: '365.0000',
  billRate: '414.7700',
  billAmount: '414.77',
  grossMargin: '30.69',
  marginPercent: '7.40',
  rule: { agreement: 'Standard AU', level: 'client', nodeValue: 'ACME', scope: 'TYPE:ORDINARY', method: 'MARGIN_PERCENT', value: '12', ruleId: 'r', lineId: 'l' },
};

describe('RateQuoteView', () => {
  it('walks from the pay rate through oncosts and the method to the bill rate and margin', () => {
    render(
      <MantineProvider theme={theme}>
        <RateQuoteView quote={quote} currency="AUD" />
      </MantineProvider>,
    );
    const table = screen.getByRole('table', { name: 'Rate quote' });
    expect(table).toHaveTextContent('Pay rate');
    expect(table).toHaveTextContent('350.00');
    expect(table).toHaveTextContent('+ bill oncost SUPER');
    expect(screen.getByTestId('quote-cost-rate')).toHaveTextContent('365.00');
    expect(screen.getByTestId('quote-bill-rate')).toHaveTextContent('414.77');
    expect(screen.getByTestId('quote-margin')).toHaveTextContent('30.69');
    expect(table).toHaveTextContent('7.4% of the bill amount');
    expect(table).toHaveTextContent('Pay oncost PRT_NSW');
    expect(screen.getByText('Standard AU')).toBeInTheDocument();
    expect(screen.getByText('client')).toBeInTheDocument();
    expect(screen.getByText('ACME')).toBeInTheDocument();
    expect(screen.getByText('TYPE:ORDINARY')).toBeInTheDocument();
  });

  it('says what each method does', () => {
    expect(describeMethod('MARKUP_PERCENT', '25.0000')).toBe('cost × (1 + 25%)');
    expect(describeMethod('MARGIN_PERCENT', '12')).toBe('cost ÷ (1 − 12%)');
    expect(describeMethod('FLAT_RATE', '55.00')).toBe('flat 55');
  });
});
