/** What extending, ending or replacing a placement would do, in words, before it is confirmed
 * (docs/workspace.md). The server checks it again; these sentences only say what is asked for. */
import { addDays, parseIsoDate } from '../lib/dates';

export type PlacementAction = 'extend' | 'end' | 'replace';

export interface Placement {
  code: string;
  start: string;
  end: string | null;
  payeeName: string;
}

export interface PlacementValues {
  /** extend: the new end (empty: open-ended); end: the last day; replace: the new worker's first day. */
  date: string;
  /** replace only */
  payee: string;
  code: string;
}

/** Whole days from `from` to `to` (ISO dates); null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return null;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}

const until = (end: string | null) => (end ? `until ${end}` : 'open-ended');

/** The preview of an action, or a problem to fix first (each with the field it is about). */
export function placementPreview(
  action: PlacementAction,
  placement: Placement,
  values: PlacementValues,
): { ok: true; lines: string[] } | { ok: false; field: 'date' | 'payee' | 'code'; message: string } {
  const date = values.date.trim();
  if (action === 'extend') {
    if (!date) {
      if (placement.end === null) return { ok: false, field: 'date', message: 'The placement is open-ended already: give a new end date.' };
      return { ok: true, lines: [`${placement.code} runs from ${placement.start}, open-ended (now ${until(placement.end)}).`] };
    }
    if (!parseIsoDate(date)) return { ok: false, field: 'date', message: 'Give the new end as a date.' };
    if (placement.end !== null && date <= placement.end) return { ok: false, field: 'date', message: `Extending moves the end later than ${placement.end}.` };
    const more = placement.end ? ` (${daysBetween(placement.end, date)} more days)` : '';
    return { ok: true, lines: [`${placement.code} runs from ${placement.start} until ${date}${more}.`] };
  }
  if (!parseIsoDate(date)) return { ok: false, field: 'date', message: action === 'end' ? 'Give the last day as a date.' : 'Give the first day of the new worker as a date.' };
  if (action === 'end') {
    if (date < placement.start) return { ok: false, field: 'date', message: `The placement starts on ${placement.start}: it cannot end before it starts.` };
    const change = placement.end === null ? 'it was open-ended' : date < placement.end ? `${daysBetween(date, placement.end)} days earlier than ${placement.end}` : date > placement.end ? `later than ${placement.end}` : 'unchanged';
    return { ok: true, lines: [`${placement.code}'s last day is ${date} (${change}).`, 'No timesheet can be submitted for a week after it.'] };
  }
  if (date <= placement.start) return { ok: false, field: 'date', message: `The new worker starts after ${placement.start}, the placement's start.` };
  if (placement.end !== null && date > placement.end) return { ok: false, field: 'date', message: `The placement ends on ${placement.end}: the new worker starts by then.` };
  if (!values.payee.trim()) return { ok: false, field: 'payee', message: 'Give the new worker’s code.' };
  if (!values.code.trim()) return { ok: false, field: 'code', message: 'Give the new job order a code.' };
  return {
    ok: true,
    lines: [
      `${placement.code} (${placement.payeeName}) ends on ${addDays(date, -1)}.`,
      `${values.code.trim()} for worker ${values.payee.trim()} starts on ${date}, ${until(placement.end)}, as a draft with the same client, path and agreements.`,
    ],
  };
}
