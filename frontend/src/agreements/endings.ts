/** What ending a bill rule, or one of its lines, will do, in words (docs/workspace.md). The
 * server checks the same rules; this only lets the person read it before confirming. */
import { addDays, parseIsoDate } from '../lib/dates';

export interface EndableRule {
  validFrom: string;
  validTo: string | null | undefined;
  lines: { id: string; scope: string }[];
}

/** `what` is 'rule' or a line's id. */
export function endPreview(rule: EndableRule, what: string, lastDay: string): { ok: true; lines: string[] } | { ok: false; message: string } {
  if (!parseIsoDate(lastDay)) return { ok: false, message: 'Give the last day as a date.' };
  if (lastDay < rule.validFrom) return { ok: false, message: `The rule starts on ${rule.validFrom}: it cannot end before it starts.` };
  if (rule.validTo && lastDay >= rule.validTo) return { ok: false, message: `The rule already ends on ${rule.validTo}: an end must be earlier.` };
  const line = rule.lines.find((l) => l.id === what);
  if (!line || rule.lines.length === 1) {
    return { ok: true, lines: [`The rule and its ${rule.lines.length === 1 ? 'line' : `${rule.lines.length} lines`} end on ${lastDay}.`, `From ${addDays(lastDay, 1)} its job orders are billed by the next rule up their path.`] };
  }
  const others = rule.lines.filter((l) => l.id !== what).map((l) => l.scope);
  return {
    ok: true,
    lines: [
      `The line ${line.scope} ends on ${lastDay}: the rule ends that day.`,
      `From ${addDays(lastDay, 1)} a rule at the same node carries on with ${others.join(', ')}${rule.validTo ? ` until ${rule.validTo}` : ''}.`,
    ],
  };
}
