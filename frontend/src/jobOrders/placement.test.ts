import { describe, expect, it } from 'vitest';
import { daysBetween, placementPreview } from './placement';

const placement = { code: 'JO-1', start: '2025-07-07', end: '2025-12-31', payeeName: 'Jane Citizen' };
const none = { date: '', payee: '', code: '' };

describe('placementPreview', () => {
  it('extends to a later end and counts the days', () => {
    expect(placementPreview('extend', placement, { ...none, date: '2026-01-31' })).toEqual({ ok: true, lines: ['JO-1 runs from 2025-07-07 until 2026-01-31 (31 more days).'] });
  });
  it('refuses an extension that is not later, at the date', () => {
    expect(placementPreview('extend', placement, { ...none, date: '2025-12-01' })).toMatchObject({ ok: false, field: 'date' });
  });
  it('an empty extension date makes it open-ended, unless it is already', () => {
    expect(placementPreview('extend', placement, none)).toMatchObject({ ok: true, lines: [expect.stringContaining('open-ended')] });
    expect(placementPreview('extend', { ...placement, end: null }, none)).toMatchObject({ ok: false, field: 'date' });
  });
  it('ends earlier and says by how much; never before the start', () => {
    expect(placementPreview('end', placement, { ...none, date: '2025-12-21' })).toMatchObject({ ok: true, lines: ["JO-1's last day is 2025-12-21 (10 days earlier than 2025-12-31).", expect.any(String)] });
    expect(placementPreview('end', placement, { ...none, date: '2025-07-01' })).toEqual({ ok: false, field: 'date', message: 'The placement starts on 2025-07-07: it cannot end before it starts.' });
  });
  it('replaces: the old one ends the day before, the new worker and code are required', () => {
    expect(placementPreview('replace', placement, { date: '2025-09-01', payee: 'P002', code: 'JO-2' })).toEqual({
      ok: true,
      lines: ['JO-1 (Jane Citizen) ends on 2025-08-31.', 'JO-2 for worker P002 starts on 2025-09-01, until 2025-12-31, as a draft with the same client, path and agreements.'],
    });
    expect(placementPreview('replace', placement, { date: '2025-09-01', payee: '', code: 'JO-2' })).toMatchObject({ ok: false, field: 'payee' });
    expect(placementPreview('replace', placement, { date: '2025-07-07', payee: 'P002', code: 'JO-2' })).toMatchObject({ ok: false, field: 'date' });
  });
  it('counts days across a month', () => {
    expect(daysBetween('2025-01-30', '2025-03-01')).toBe(30);
    expect(daysBetween('nope', '2025-03-01')).toBeNull();
  });
});
