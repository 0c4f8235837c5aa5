import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { theme } from '../app/theme';
import type { UserError } from '../lib/errors';
import { emptyWeek, errorsByCell, gridNumberErrors, weekToEntries, WeekGrid, type WeekValue } from './WeekGrid';

function Harness({ errors = [] }: { errors?: UserError[] }) {
  const [value, setValue] = useState<WeekValue>(emptyWeek);
  return (
    <MantineProvider theme={theme}>
      <WeekGrid monday="2025-11-17" value={value} onChange={setValue} errors={errors} unitCodes={[{ value: 'MEAL', label: 'MEAL' }]} />
      <output data-testid="entries">{JSON.stringify(weekToEntries('2025-11-17', value).entries)}</output>
    </MantineProvider>
  );
}

describe('WeekGrid', () => {
  it('adds up hours and shifts and builds the entries of the week', async () => {
    render(<Harness />);
    const user = userEvent.setup();
    const rows = screen.getAllByRole('row');
    expect(rows.length).toBeGreaterThan(7);
    await user.type(screen.getByLabelText(/^Mon\b.* hours$/), '7.6');
    await user.type(screen.getByLabelText(/^Tue\b.* start$/), '08:00');
    await user.type(screen.getByLabelText(/^Tue\b.* end$/), '16:06');
    await user.type(screen.getByLabelText(/^Tue\b.* break minutes$/), '30');
    expect(screen.getByTestId('week-total')).toHaveTextContent('15.2 h');
    expect(JSON.parse(screen.getByTestId('entries').textContent!)).toEqual([
      { date: '2025-11-17', hours: '7.6' },
      { date: '2025-11-18', start: '08:00', end: '16:06', breakMinutes: 30 },
    ]);
  });

  it('explains a bad number at its cell while it is typed, and keeps it out of the entries check', async () => {
    render(<Harness />);
    const user = userEvent.setup();
    const monday = screen.getByLabelText(/^Mon\b.* hours$/);
    await user.type(monday, '1,5');
    expect(monday).toHaveAccessibleDescription('Use a point for decimals: 1.5.');
    expect(monday).toHaveAttribute('aria-invalid', 'true');
    await user.clear(monday);
    await user.type(monday, 'abc');
    expect(monday).toHaveAccessibleDescription('Enter a number, e.g. 7.5.');
    await user.clear(monday);
    await user.type(monday, '7.5');
    expect(monday).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('lists the bad numbers of a grid before submitting', () => {
    const week = emptyWeek();
    week.days[2].hours = '7.12345';
    expect(gridNumberErrors(week)).toEqual([{ field: 'days[2].hours', code: 'invalid', message: 'At most 4 decimal places.' }]);
  });

  it('shows a server error on the cell it is about', () => {
    render(<Harness errors={[{ field: 'days[1].end', code: 'invalid', message: 'The shift ends before it starts.' }]} />);
    expect(screen.getByLabelText(/^Tue\b.* end$/)).toHaveAccessibleDescription('The shift ends before it starts.');
    expect(screen.getByLabelText(/^Tue\b.* end$/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Mon\b.* end$/)).not.toHaveAttribute('aria-invalid', 'true');
  });
});

describe('weekToEntries and errorsByCell', () => {
  it('maps entries[i] errors back to the grid row that made entry i', () => {
    const week = emptyWeek();
    week.days[2].hours = '8';
    week.days[4].start = '09:00';
    week.units.push({ date: '2025-11-19', payCode: 'MEAL', quantity: '1' });
    const { entries, sources } = weekToEntries('2025-11-17', week);
    expect(entries.map((e) => e.date)).toEqual(['2025-11-19', '2025-11-21', '2025-11-19']);
    const mapped = errorsByCell(
      [
        { field: 'entries[1].end', code: 'required', message: 'Enter the end.' },
        { field: 'entries[2].quantity', code: 'invalid', message: 'Bad.' },
        { field: 'weekStarting', code: 'x', message: 'Not a Monday.' },
      ],
      sources,
    );
    expect(mapped.map((e) => e.field)).toEqual(['days[4].end', 'units[0].quantity', 'weekStarting']);
  });
});
