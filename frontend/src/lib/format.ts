/**
 * Formatting for money, numbers, dates and percentages in the user's locale: en-AU unless the user
 * chose another (`localStorage["kserp.locale"]`). Dates on screen are never ISO; exports (CSV,
 * PDF file names, URLs) keep ISO dates.
 */

export const DEFAULT_LOCALE = 'en-AU';

/** The locale every figure and date on screen is shown in. */
export function appLocale(): string {
  try {
    const chosen = globalThis.localStorage?.getItem('kserp.locale');
    if (chosen && Intl.DateTimeFormat.supportedLocalesOf([chosen]).length) return chosen;
  } catch {
    // no storage (private mode, tests): the default
  }
  return DEFAULT_LOCALE;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch {
      // An unknown currency code: a plain number with the code in front.
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, format);
  }
  return format;
}

/** `"1064.00"`, `"AUD"` → `A$1,064.00` (in en-AU: `$1,064.00`). Empty for null. */
export function formatMoney(amount: string | number | null | undefined, currency: string, locale: string = appLocale()): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (Number.isNaN(value)) return String(amount);
  const format = moneyFormat(currency, locale);
  const text = format.format(value);
  return format.resolvedOptions().style === 'currency' ? text : `${currency} ${text}`;
}

/** A money rate to 4 places at most (bill and pay rates keep 4 decimals). */
export function formatRate(amount: string | number | null | undefined, currency: string, locale: string = appLocale()): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const value = Number(amount);
  if (Number.isNaN(value)) return String(amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value);
  } catch {
    return `${currency} ${value.toFixed(2)}`;
  }
}

/** A quantity (hours, units): up to 4 decimals, no trailing zeros. */
export function formatQuantity(value: string | number | null | undefined, locale: string = appLocale()): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(n);
}

/** `"12.5"` → `12.5%`; `0.125` with `fraction` → `12.5%`. */
export function formatPercent(value: string | number | null | undefined, { fraction = false, locale = appLocale() }: { fraction?: boolean; locale?: string } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(fraction ? n : n / 100);
}

/** An ISO date (`2025-11-17`) in the user's locale, without time-zone shifts. */
export function formatDate(iso: string | null | undefined, locale: string = appLocale()): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Sum of decimal strings, in cents to avoid float drift; returns a string with 2 places. */
export function sumMoney(values: Array<string | number | null | undefined>): string {
  let cents = 0;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    cents += Math.round(Number(v) * 100);
  }
  return (cents / 100).toFixed(2);
}

/** An enum value in words: `PART_PAID` -> "Part paid". */
export function humanize(value: string): string {
  const text = value.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
