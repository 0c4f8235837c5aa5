import { formatMoney, formatRate } from '../lib/format';

/** An amount in a currency, right-aligned in tables via `tabular-nums`. */
export function Money({ amount, currency, rate = false }: { amount: string | null | undefined; currency: string; rate?: boolean }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{rate ? formatRate(amount, currency) : formatMoney(amount, currency)}</span>;
}
