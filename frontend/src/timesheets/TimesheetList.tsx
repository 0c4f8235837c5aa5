import { Anchor, Button, Checkbox, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorList } from '../components/ErrorList';
import { StatusBadge } from '../components/StatusBadge';
import type { UserError } from '../lib/errors';
import { formatDate, formatQuantity } from '../lib/format';
import { totalHours, type EntryLike } from './hours';

export interface TimesheetRow {
  id: string;
  status: string;
  weekStarting: string;
  rejectionReason: string;
  jobOrder: { code: string; title: string; client: { name: string }; payee: { name: string } };
  entries: EntryLike[];
}

export interface TimesheetActions {
  approve(ids: string[]): Promise<UserError[]>;
  reject(ids: string[], reason: string): Promise<UserError[]>;
}

/** How a row is named in buttons and errors. */
function rowName(row: TimesheetRow): string {
  return `${row.jobOrder.code} week of ${formatDate(row.weekStarting)}`;
}

/** Bulk mutations name a failing timesheet `ids[i]` (the i-th id sent): show which one it is. */
export function nameBulkErrors(errors: UserError[], ids: string[], rows: TimesheetRow[]): UserError[] {
  return errors.map((e) => {
    const index = e.field?.match(/^ids\[(\d+)\]$/)?.[1];
    const row = index === undefined ? undefined : rows.find((r) => r.id === ids[Number(index)]);
    return row ? { ...e, field: rowName(row) } : e;
  });
}

/**
 * Timesheets in a table. With `actions`, SUBMITTED rows can be selected and approved in bulk, or
 * rejected with a reason, in one call each (all or nothing).
 */
export function TimesheetList({ rows, actions, linkTo, label = 'Timesheets' }: { rows: TimesheetRow[]; actions?: TimesheetActions; linkTo?: (row: TimesheetRow) => string; label?: string }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const selectable = rows.filter((r) => r.status === 'SUBMITTED').map((r) => r.id);
  const chosen = selectable.filter((id) => selected.has(id));
  const allChosen = selectable.length > 0 && chosen.length === selectable.length;

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function approve(ids: string[]) {
    if (!actions) return;
    setBusy('approve');
    const result = await actions.approve(ids);
    setBusy(null);
    setErrors(nameBulkErrors(result, ids, rows));
    setSelected(new Set());
  }

  async function confirmReject() {
    if (!actions || !rejecting) return;
    if (!reason.trim()) {
      setReasonError('Give a reason: the submitter sees it.');
      return;
    }
    setBusy('reject');
    const result = await actions.reject(rejecting, reason.trim());
    setBusy(null);
    setErrors(nameBulkErrors(result, rejecting, rows));
    setRejecting(null);
    setReason('');
    setSelected(new Set());
  }

  return (
    <Stack gap="sm">
      {actions && (
        <Group gap="xs">
          <Button size="xs" disabled={chosen.length === 0} loading={busy === 'approve'} onClick={() => approve(chosen)}>
            Approve selected ({chosen.length})
          </Button>
          <Button size="xs" color="red" variant="light" disabled={chosen.length === 0} onClick={() => setRejecting(chosen)}>
            Reject selected…
          </Button>
        </Group>
      )}
      <ErrorList errors={errors} title="Nothing was changed" />
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {actions && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all submitted timesheets"
                    checked={allChosen}
                    indeterminate={chosen.length > 0 && !allChosen}
                    disabled={selectable.length === 0}
                    onChange={() => setSelected(allChosen ? new Set() : new Set(selectable))}
                  />
                </Table.Th>
              )}
              <Table.Th>Week of</Table.Th>
              <Table.Th>Job order</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th>Worker</Table.Th>
              <Table.Th ta="right">Hours</Table.Th>
              <Table.Th>Status</Table.Th>
              {actions && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const name = rowName(row);
              return (
                <Table.Tr key={row.id} data-testid="timesheet-row" data-job-order={row.jobOrder.code} data-week={row.weekStarting}>
                  {actions && (
                    <Table.Td>
                      {row.status === 'SUBMITTED' && <Checkbox aria-label={`Select ${name}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />}
                    </Table.Td>
                  )}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{linkTo ? <Anchor component={Link} to={linkTo(row)}>{formatDate(row.weekStarting)}</Anchor> : formatDate(row.weekStarting)}</Table.Td>
                  <Table.Td>
                    {row.jobOrder.code} <Text span c="dimmed" size="sm">{row.jobOrder.title}</Text>
                  </Table.Td>
                  <Table.Td>{row.jobOrder.client.name}</Table.Td>
                  <Table.Td>{row.jobOrder.payee.name}</Table.Td>
                  <Table.Td ta="right">{formatQuantity(totalHours(row.entries))}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={row.status} />
                    {row.status === 'REJECTED' && row.rejectionReason && (
                      <Text size="xs" c="dimmed">
                        {row.rejectionReason}
                      </Text>
                    )}
                  </Table.Td>
                  {actions && (
                    <Table.Td>
                      {row.status === 'SUBMITTED' && (
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="light" onClick={() => approve([row.id])} aria-label={`Approve ${name}`} disabled={busy !== null}>
                            Approve
                          </Button>
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRejecting([row.id])} aria-label={`Reject ${name}`} disabled={busy !== null}>
                            Reject
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={rejecting !== null} onClose={() => setRejecting(null)} title={`Reject ${rejecting?.length ?? 0} timesheet(s)`}>
        <Stack>
          <Textarea
            label="Reason"
            description="Sent back with the timesheet so it can be corrected."
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonError(null);
            }}
            error={reasonError}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(null)}>
              Cancel
            </Button>
            <Button color="red" onClick={confirmReject} loading={busy === 'reject'}>
              Reject
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
