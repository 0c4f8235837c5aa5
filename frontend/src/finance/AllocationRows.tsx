import { Group, TextInput } from '@mantine/core';
import { errorsAt, type UserError } from '../lib/errors';

export interface AllocationRow {
  invoice: string;
  amount: string;
}

/** The invoice and amount of each allocation, errors at `allocations[i].invoice|amount`. */
export function AllocationRows({ rows, onChange, errors, labelledBy }: { rows: AllocationRow[]; onChange: (i: number, patch: Partial<AllocationRow>) => void; errors: UserError[]; labelledBy?: string }) {
  return rows.map((row, i) => (
    <Group key={i} align="flex-start" role={labelledBy ? 'group' : undefined} aria-labelledby={labelledBy}>
      <TextInput label={`Invoice ${i + 1}`} placeholder="AU-000123" w={180} value={row.invoice} onChange={(e) => onChange(i, { invoice: e.currentTarget.value })} error={errorsAt(errors, `allocations[${i}].invoice`)} />
      <TextInput label={`Amount for invoice ${i + 1}`} w={180} inputMode="decimal" value={row.amount} onChange={(e) => onChange(i, { amount: e.currentTarget.value })} error={errorsAt(errors, `allocations[${i}].amount`)} />
    </Group>
  ));
}

/** The field paths the rows show their errors at. */
export function allocationFields(rows: AllocationRow[]): string[] {
  return rows.flatMap((_, i) => [`allocations[${i}].invoice`, `allocations[${i}].amount`]);
}
