export interface EntryLike {
  hours?: string | null;
  start?: string | null;
  end?: string | null;
  breakMinutes?: number | null;
  payCode?: string | null;
  quantity?: string | null;
}

function minutes(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Hours of one entry: its `hours`, or end − start − break (over midnight when end ≤ start). */
export function entryHours(entry: EntryLike): number {
  if (entry.hours !== null && entry.hours !== undefined && entry.hours !== '') return Number(entry.hours) || 0;
  if (entry.start && entry.end) {
    const s = minutes(entry.start);
    const e = minutes(entry.end);
    if (s === null || e === null) return 0;
    const span = e > s ? e - s : e + 24 * 60 - s;
    return Math.max(0, span - (entry.breakMinutes ?? 0)) / 60;
  }
  return 0;
}

/** Total hours of a week's entries (unit entries such as allowances are not hours). */
export function totalHours(entries: EntryLike[]): number {
  return Math.round(entries.filter((e) => !(e.payCode && e.quantity)).reduce((sum, e) => sum + entryHours(e), 0) * 100) / 100;
}
