/**
 * Checking a number typed into a form before it is sent, in words at the field (docs/security.md,
 * "Numbers and dates": hours and quantities take 4 decimal places, money 2). The server checks
 * again and answers at the same field.
 */

export const HOURS_PLACES = 4;
export const MONEY_PLACES = 2;

/** A sentence saying what is wrong with `text` as a number above 0, or null when it is fine (or empty). */
export function numberProblem(text: string, places: number): string | null {
  const value = text.trim();
  if (!value) return null;
  if (/^\d+,\d+$/.test(value)) return `Use a point for decimals: ${value.replace(',', '.')}.`;
  if (!/^-?\d*\.?\d+$/.test(value) && !/^\d+\.$/.test(value)) return 'Enter a number, e.g. 7.5.';
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) return 'Enter a number above 0.';
  const decimals = value.includes('.') ? value.split('.')[1].replace(/0+$/, '').length : 0;
  if (decimals > places) return places === MONEY_PLACES ? 'Whole cents only (at most 2 decimal places).' : `At most ${places} decimal places.`;
  return null;
}
