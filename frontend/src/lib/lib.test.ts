import { describe, expect, it } from 'vitest';
import { entryHours, totalHours } from '../timesheets/hours';
import { addDays, isMonday, mondayOf, weekDates } from './dates';
import { collectErrors, errorsAt } from './errors';
import { appLocale, formatDate, formatMoney, formatPercent, formatQuantity, sumMoney } from './format';
import { HOURS_PLACES, MONEY_PLACES, numberProblem } from './numbers';
import { invoiceDisplayStatus } from '../invoices/status';

describe('formatMoney', () => {
  it('formats in the given currency', () => {
    expect(formatMoney('1064.00', 'AUD', 'en-AU')).toBe('$1,064.00');
    expect(formatMoney('1064', 'AUD', 'en-US')).toBe('A$1,064.00');
    expect(formatMoney('1077.14000000000', 'NZD', 'en-US')).toBe('NZ$1,077.14');
    expect(formatMoney('-5.5', 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('-5,50 €');
  });
  it('leaves empty values empty and survives an unknown currency', () => {
    expect(formatMoney(null, 'AUD')).toBe('');
    expect(formatMoney('12', 'XX', 'en-US')).toBe('XX 12.00');
  });
});

describe('numbers and percentages', () => {
  it('formats quantities without trailing zeros', () => {
    expect(formatQuantity('22.8000', 'en-US')).toBe('22.8');
  });
  it('formats percentages given as numbers of percent or as fractions', () => {
    expect(formatPercent('14.61', { locale: 'en-US' })).toBe('14.61%');
    expect(formatPercent(0.125, { fraction: true, locale: 'en-US' })).toBe('12.5%');
    expect(formatPercent(null)).toBe('—');
  });
  it('sums money in cents', () => {
    expect(sumMoney(['957.60', '21.62'])).toBe('979.22');
    expect(sumMoney(['0.1', '0.2'])).toBe('0.30');
  });
});

describe('dates', () => {
  it('finds the Monday of a week and its seven days', () => {
    expect(mondayOf('2025-11-23')).toBe('2025-11-17');
    expect(mondayOf('2025-11-17')).toBe('2025-11-17');
    expect(isMonday('2025-11-17')).toBe(true);
    expect(isMonday('2025-11-18')).toBe(false);
    expect(weekDates('2025-12-29')).toEqual(['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('hours', () => {
  it('takes hours, or end − start − break, over midnight too', () => {
    expect(entryHours({ hours: '7.6' })).toBe(7.6);
    expect(entryHours({ start: '08:00', end: '16:06', breakMinutes: 30 })).toBeCloseTo(7.6);
    expect(entryHours({ start: '22:00:00', end: '06:00:00', breakMinutes: 0 })).toBe(8);
    expect(totalHours([{ hours: '7.6' }, { start: '08:00', end: '16:06', breakMinutes: 30 }, { payCode: 'MEAL', quantity: '1' }])).toBe(15.2);
  });
});

describe('errors', () => {
  it('finds the errors at a path and below it', () => {
    const errors = [
      { field: 'entries[2].end', code: 'invalid', message: 'End before start.' },
      { field: 'entries[2]', code: 'x', message: 'Bad day.' },
      { field: 'entries[20].end', code: 'x', message: 'Other.' },
    ];
    expect(errorsAt(errors, 'entries[2]')).toBe('End before start. Bad day.');
    expect(errorsAt(errors, 'entries[2].end')).toBe('End before start.');
    expect(errorsAt(errors, 'entries[3]')).toBeUndefined();
  });
  it('turns a missing payload into an error', () => {
    expect(collectErrors(undefined, null)[0].code).toBe('unknown');
    expect(collectErrors(undefined, { errors: [] })).toEqual([]);
  });
});

describe('numberProblem', () => {
  it('explains bad numbers in words', () => {
    expect(numberProblem('abc', HOURS_PLACES)).toBe('Enter a number, e.g. 7.5.');
    expect(numberProblem('1,5', HOURS_PLACES)).toBe('Use a point for decimals: 1.5.');
    expect(numberProblem('0', HOURS_PLACES)).toBe('Enter a number above 0.');
    expect(numberProblem('-2', HOURS_PLACES)).toBe('Enter a number above 0.');
    expect(numberProblem('7.12345', HOURS_PLACES)).toBe('At most 4 decimal places.');
    expect(numberProblem('0.000000000000000000000000000001', HOURS_PLACES)).toBe('At most 4 decimal places.');
    expect(numberProblem('10.001', MONEY_PLACES)).toBe('Whole cents only (at most 2 decimal places).');
  });

  it('accepts numbers within the precision, and empty text', () => {
    for (const ok of ['', '8', '7.5', '7.1234', '2.500000', ' 3 ']) expect(numberProblem(ok, HOURS_PLACES)).toBeNull();
    expect(numberProblem('1064.00', MONEY_PLACES)).toBeNull();
  });
});

describe('dates on screen', () => {
  it('are en-AU by default, never ISO', () => {
    expect(formatDate('2025-11-17')).toBe('17 Nov 2025');
    expect(formatDate('2025-02-03')).toBe('3 Feb 2025');
    expect(appLocale()).toBe('en-AU');
  });

  it('follow the locale the user chose', () => {
    localStorage.setItem('kserp.locale', 'en-US');
    try {
      expect(formatDate('2025-11-17')).toBe('Nov 17, 2025');
    } finally {
      localStorage.removeItem('kserp.locale');
    }
  });
});

describe('invoiceDisplayStatus', () => {
  it('reads the same in a list and on the page: OVERDUE once an open invoice is past due', () => {
    const invoice = { status: 'ISSUED', dueDate: '2025-08-31', amountDue: '1810.30' };
    expect(invoiceDisplayStatus(invoice, '2025-08-31')).toBe('ISSUED');
    expect(invoiceDisplayStatus(invoice, '2025-09-01')).toBe('OVERDUE');
    expect(invoiceDisplayStatus({ ...invoice, amountDue: '0.00' }, '2025-09-01')).toBe('ISSUED');
    expect(invoiceDisplayStatus({ ...invoice, status: 'PAID' }, '2025-09-01')).toBe('PAID');
  });
});
