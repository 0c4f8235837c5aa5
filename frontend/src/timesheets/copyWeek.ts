import { addDays, weekDates } from '../lib/dates';
import { emptyWeek, type WeekValue } from './WeekGrid';

/** An entry of a stored timesheet, as the API returns it. */
export interface StoredEntry {
  date: string;
  start: string | null;
  end: string | null;
  breakMinutes: number;
  hours: string | null;
  payCode: string;
  quantity: string | null;
}

const hhmm = (time: string | null) => (time ? time.slice(0, 5) : '');

/** Last week's entries (the week of `lastMonday`) as this week's grid: same weekdays, same
 * shifts, hours and units, each a week later. A second entry on a day is left out (the grid has
 * one row a day); units keep their own rows. */
export function copyWeek(lastMonday: string, entries: StoredEntry[]): WeekValue {
  const week = emptyWeek();
  const dates = weekDates(lastMonday);
  for (const entry of entries) {
    if (entry.payCode && entry.quantity !== null) {
      week.units.push({ date: addDays(entry.date, 7), payCode: entry.payCode, quantity: entry.quantity });
      continue;
    }
    const index = dates.indexOf(entry.date);
    if (index === -1 || week.days[index].hours || week.days[index].start) continue;
    week.days[index] = entry.hours !== null
      ? { start: '', end: '', breakMinutes: '', hours: entry.hours }
      : { start: hhmm(entry.start), end: hhmm(entry.end), breakMinutes: entry.breakMinutes ? String(entry.breakMinutes) : '', hours: '' };
  }
  return week;
}
