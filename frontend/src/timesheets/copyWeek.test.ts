import { describe, expect, it } from 'vitest';
import { copyWeek } from './copyWeek';

describe('copyWeek', () => {
  it('puts the shifts, hours and units of last week on the same weekdays a week later', () => {
    const week = copyWeek('2025-11-17', [
      { date: '2025-11-17', start: null, end: null, breakMinutes: 0, hours: '7.6000', payCode: '', quantity: null },
      { date: '2025-11-18', start: '08:00:00', end: '16:06:00', breakMinutes: 30, hours: null, payCode: '', quantity: null },
      { date: '2025-11-18', start: null, end: null, breakMinutes: 0, hours: '2', payCode: '', quantity: null },
      { date: '2025-11-19', start: null, end: null, breakMinutes: 0, hours: null, payCode: 'MEAL', quantity: '1.0000' },
    ]);
    expect(week.days[0]).toEqual({ start: '', end: '', breakMinutes: '', hours: '7.6000' });
    expect(week.days[1]).toEqual({ start: '08:00', end: '16:06', breakMinutes: '30', hours: '' });
    expect(week.days.slice(2).every((d) => !d.hours && !d.start)).toBe(true);
    expect(week.units).toEqual([{ date: '2025-11-26', payCode: 'MEAL', quantity: '1.0000' }]);
  });
});
