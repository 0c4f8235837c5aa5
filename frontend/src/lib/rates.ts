import { formatQuantity, humanize } from './format';

// How rates are put into words on every page (agreements, job orders, the rate quote).

const methodText: Record<string, (v: string) => string> = {
  MARKUP_PERCENT: (v) => `cost × (1 + ${v}%)`,
  MARGIN_PERCENT: (v) => `cost ÷ (1 − ${v}%)`,
  MARKUP_AMOUNT: (v) => `cost + ${v}`,
  MARKUP_FACTOR: (v) => `cost × ${v}`,
  FLAT_RATE: (v) => `flat ${v}`,
};

/** A bill rate line's method and value as a formula of the cost: `cost × (1 + 25%)`. */
export function describeMethod(method: string, value: string): string {
  const v = formatQuantity(value);
  return (methodText[method] ?? ((x: string) => `${humanize(method)} ${x}`))(v);
}
