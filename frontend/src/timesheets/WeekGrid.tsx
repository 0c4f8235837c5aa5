import { ActionIcon, Button, Group, Select, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { HOURS_PLACES, numberProblem } from '../lib/numbers';
import type { TimesheetEntryInput } from '../graphql';
import { formatWeekday, weekDates } from '../lib/dates';
import { errorsAt, type UserError } from '../lib/errors';
import { formatQuantity } from '../lib/format';
import { entryHours } from './hours';

export interface DayRow {
  start: string;
  end: string;
  breakMinutes: string;
  hours: string;
}

export interface UnitRow {
  date: string;
  payCode: string;
  quantity: string;
}

export interface WeekValue {
  days: DayRow[];
  units: UnitRow[];
}

export const emptyDay = (): DayRow => ({ start: '', end: '', breakMinutes: '', hours: '' });
export const emptyWeek = (): WeekValue => ({ days: Array.from({ length: 7 }, emptyDay), units: [] });

/** Where each submitted entry came from, to put `entries[i]` errors on the right cell. */
export type EntrySource = { kind: 'day'; index: number } | { kind: 'unit'; index: number };

/** The grid as `TimesheetEntryInput`s (empty days left out) and where each one came from. */
export function weekToEntries(monday: string, week: WeekValue): { entries: TimesheetEntryInput[]; sources: EntrySource[] } {
  const dates = weekDates(monday);
  const entries: TimesheetEntryInput[] = [];
  const sources: EntrySource[] = [];
  week.days.forEach((day, index) => {
    if (day.hours.trim()) {
      entries.push({ date: dates[index], hours: day.hours.trim() });
    } else if (day.start || day.end) {
      entries.push({
        date: dates[index],
        start: day.start || null,
        end: day.end || null,
        breakMinutes: day.breakMinutes.trim() ? Number(day.breakMinutes) : 0,
      });
    } else {
      return;
    }
    sources.push({ kind: 'day', index });
  });
  week.units.forEach((unit, index) => {
    if (!unit.payCode && !unit.quantity.trim()) return;
    entries.push({ date: unit.date, payCode: unit.payCode || null, quantity: unit.quantity.trim() || null });
    sources.push({ kind: 'unit', index });
  });
  return { entries, sources };
}

/** The numbers of the grid that cannot be sent, as errors at their cells (checked before submitting). */
export function gridNumberErrors(week: WeekValue): UserError[] {
  const errors: UserError[] = [];
  week.days.forEach((day, index) => {
    const problem = numberProblem(day.hours, HOURS_PLACES);
    if (problem) errors.push({ field: `days[${index}].hours`, code: 'invalid', message: problem });
  });
  week.units.forEach((unit, index) => {
    const problem = numberProblem(unit.quantity, HOURS_PLACES);
    if (problem) errors.push({ field: `units[${index}].quantity`, code: 'invalid', message: problem });
  });
  return errors;
}

/** Re-keys `entries[i]...` errors to `days[d]...` / `units[u]...`. */
export function errorsByCell(errors: UserError[], sources: EntrySource[]): UserError[] {
  return errors.map((e) => {
    const match = /^entries\[(\d+)\](.*)$/.exec(e.field ?? '');
    const source = match ? sources[Number(match[1])] : undefined;
    if (!match || !source) return e;
    return { ...e, field: `${source.kind === 'day' ? 'days' : 'units'}[${source.index}]${match[2]}` };
  });
}

export function WeekGrid({
  monday,
  value,
  onChange,
  errors,
  unitCodes,
}: {
  monday: string;
  value: WeekValue;
  onChange(value: WeekValue): void;
  errors: UserError[];
  unitCodes: { value: string; label: string }[];
}) {
  const dates = weekDates(monday);
  const setDay = (index: number, patch: Partial<DayRow>) =>
    onChange({ ...value, days: value.days.map((d, i) => (i === index ? { ...d, ...patch } : d)) });
  const setUnit = (index: number, patch: Partial<UnitRow>) =>
    onChange({ ...value, units: value.units.map((u, i) => (i === index ? { ...u, ...patch } : u)) });
  const total = value.days.reduce(
    (sum, d) => sum + entryHours({ hours: d.hours, start: d.start, end: d.end, breakMinutes: Number(d.breakMinutes) || 0 }),
    0,
  );
  const cellError = (field: string) => errorsAt(errors, field);

  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Hours for the week" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th>Start</Table.Th>
              <Table.Th>End</Table.Th>
              <Table.Th>Break (min)</Table.Th>
              <Table.Th>or Hours</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.days.map((day, index) => {
              const label = formatWeekday(dates[index]);
              const hours = entryHours({ hours: day.hours, start: day.start, end: day.end, breakMinutes: Number(day.breakMinutes) || 0 });
              const rowError = errors.find((e) => e.field === `days[${index}]`)?.message;
              return (
                <Table.Tr key={dates[index]} data-testid={`day-${index}`}>
                  <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
                    {label}
                    {rowError && (
                      <Text size="xs" c="red" role="alert">
                        {rowError}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>
                    <TextInput type="time" aria-label={`${label} start`} value={day.start} onChange={(e) => setDay(index, { start: e.currentTarget.value })} error={cellError(`days[${index}].start`)} size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <TextInput type="time" aria-label={`${label} end`} value={day.end} onChange={(e) => setDay(index, { end: e.currentTarget.value })} error={cellError(`days[${index}].end`)} size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`${label} break minutes`} inputMode="numeric" value={day.breakMinutes} onChange={(e) => setDay(index, { breakMinutes: e.currentTarget.value })} error={cellError(`days[${index}].breakMinutes`)} size="xs" w={80} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`${label} hours`} inputMode="decimal" value={day.hours} onChange={(e) => setDay(index, { hours: e.currentTarget.value })} error={numberProblem(day.hours, HOURS_PLACES) ?? cellError(`days[${index}].hours`) ?? cellError(`days[${index}].date`)} size="xs" w={90} />
                  </Table.Td>
                  <Table.Td ta="right">{hours ? formatQuantity(Math.round(hours * 100) / 100) : ''}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={5}>Week total</Table.Th>
              <Table.Th ta="right" data-testid="week-total">
                {formatQuantity(Math.round(total * 100) / 100)} h
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {value.units.length > 0 && (
      <Table aria-label="Allowances and units" verticalSpacing={4} mt="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Allowance day</Table.Th>
            <Table.Th>Pay code</Table.Th>
            <Table.Th>Quantity</Table.Th>
            <Table.Th>
              <VisuallyHidden>Remove</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {value.units.map((unit, index) => (
            <Table.Tr key={index}>
              <Table.Td>
                <Select aria-label={`Allowance ${index + 1} day`} size="xs" data={dates.map((d) => ({ value: d, label: formatWeekday(d) }))} value={unit.date} onChange={(v) => setUnit(index, { date: v ?? dates[0] })} error={cellError(`units[${index}].date`)} />
              </Table.Td>
              <Table.Td>
                <Select aria-label={`Allowance ${index + 1} pay code`} size="xs" data={unitCodes} value={unit.payCode || null} onChange={(v) => setUnit(index, { payCode: v ?? '' })} error={cellError(`units[${index}].payCode`)} />
              </Table.Td>
              <Table.Td>
                <TextInput aria-label={`Allowance ${index + 1} quantity`} size="xs" inputMode="decimal" value={unit.quantity} onChange={(e) => setUnit(index, { quantity: e.currentTarget.value })} error={numberProblem(unit.quantity, HOURS_PLACES) ?? cellError(`units[${index}].quantity`)} />
              </Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red" aria-label={`Remove allowance ${index + 1}`} onClick={() => onChange({ ...value, units: value.units.filter((_, i) => i !== index) })}>
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      )}
      <Group mt="xs">
        <Button size="xs" variant="subtle" onClick={() => onChange({ ...value, units: [...value.units, { date: dates[0], payCode: unitCodes[0]?.value ?? '', quantity: '1' }] })}>
          Add an allowance
        </Button>
      </Group>
    </>
  );
}
