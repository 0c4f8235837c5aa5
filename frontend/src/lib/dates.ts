/** Calendar helpers on ISO dates (YYYY-MM-DD), in UTC so no time zone shifts a day. */
import { appLocale } from './format';

export function parseIsoDate(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/** The Monday on or before `iso`. */
export function mondayOf(iso: string): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  date.setUTCDate(date.getUTCDate() - weekday);
  return toIsoDate(date);
}

export function isMonday(iso: string): boolean {
  const date = parseIsoDate(iso);
  return date !== null && date.getUTCDay() === 1;
}

/** The seven ISO dates of the week starting `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Today in the user's time zone, as an ISO date. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}


/** `Mon 17 Nov` for a grid row label. */
export function formatWeekday(iso: string): string {
  const date = parseIsoDate(iso);
  return date ? new Intl.DateTimeFormat(appLocale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date) : iso;
}
