import { describe, expect, it } from 'vitest';
import { endPreview } from './endings';

const rule = { validFrom: '2025-07-01', validTo: null, lines: [{ id: 'a', scope: 'ALL' }, { id: 'b', scope: 'TYPE:PENALTY' }] };

describe('endPreview', () => {
  it('ending a line keeps the others from the next day', () => {
    expect(endPreview(rule, 'b', '2025-08-31')).toEqual({
      ok: true,
      lines: ['The line TYPE:PENALTY ends on 2025-08-31: the rule ends that day.', 'From 2025-09-01 a rule at the same node carries on with ALL.'],
    });
  });
  it('ending the whole rule, or its only line, ends the rule', () => {
    expect(endPreview(rule, 'rule', '2025-08-31')).toMatchObject({ ok: true, lines: ['The rule and its 2 lines end on 2025-08-31.', expect.any(String)] });
    expect(endPreview({ ...rule, lines: [rule.lines[0]] }, 'a', '2025-08-31')).toMatchObject({ ok: true, lines: ['The rule and its line end on 2025-08-31.', expect.any(String)] });
  });
  it('refuses a day before the start or not earlier than the current end', () => {
    expect(endPreview(rule, 'rule', '2025-06-30')).toEqual({ ok: false, message: 'The rule starts on 2025-07-01: it cannot end before it starts.' });
    expect(endPreview({ ...rule, validTo: '2025-09-30' }, 'rule', '2025-09-30')).toMatchObject({ ok: false });
    expect(endPreview(rule, 'rule', '')).toMatchObject({ ok: false });
  });
});
