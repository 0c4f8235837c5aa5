import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { theme } from '../app/theme';
import { TimesheetList, type TimesheetActions, type TimesheetRow } from './TimesheetList';

const row = (id: string, code: string, status: string): TimesheetRow => ({
  id,
  status,
  weekStarting: '2025-11-17',
  rejectionReason: '',
  jobOrder: { code, title: 'Warehouse operator', client: { name: 'Acme' }, payee: { name: 'Jane' } },
  entries: [{ hours: '7.6' }, { start: '08:00', end: '12:00', breakMinutes: 0 }],
});

function renderList(actions: TimesheetActions) {
  return render(
    <MantineProvider theme={theme}>
      <MemoryRouter>
        <TimesheetList rows={[row('a', 'JO-1', 'SUBMITTED'), row('b', 'JO-2', 'SUBMITTED'), row('c', 'JO-3', 'APPROVED')]} actions={actions} label="Queue" />
      </MemoryRouter>
    </MantineProvider>,
  );
}

describe('TimesheetList', () => {
  it('approves the selected submitted timesheets in one go', async () => {
    const actions = { approve: vi.fn(async (_ids: string[]) => []), reject: vi.fn(async (_ids: string[], _reason: string) => []) };
    renderList(actions);
    const user = userEvent.setup();
    expect(screen.getByRole('button', { name: 'Approve selected (0)' })).toBeDisabled();
    expect(within(screen.getAllByTestId('timesheet-row')[0]).getByText('11.6')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select all submitted timesheets' }));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));
    expect(actions.approve).toHaveBeenCalledWith(['a', 'b']);
  });

  it('rejects with a reason, and asks for one when it is missing', async () => {
    const actions = {
      approve: vi.fn(async (_ids: string[]) => []),
      reject: vi.fn(async (_ids: string[], _reason: string) => [{ field: null, code: 'state', message: 'JO-2 was already approved.' }]),
    };
    renderList(actions);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Reject JO-2/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await within(dialog).findByText('Give a reason: the submitter sees it.')).toBeInTheDocument();
    expect(actions.reject).not.toHaveBeenCalled();
    await user.type(within(dialog).getByLabelText('Reason'), 'Tuesday is wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(actions.reject).toHaveBeenCalledWith(['b'], 'Tuesday is wrong');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('JO-2 was already approved.'));
  });

  it('names the timesheet a bulk error is about (ids[i] is the i-th one sent)', async () => {
    const failure = { field: 'ids[1]', code: 'INVALID_STATE', message: 'Only a SUBMITTED timesheet can be approved (APPROVED).' };
    const actions = { approve: vi.fn(async (_ids: string[]) => [failure]), reject: vi.fn(async () => []) };
    renderList(actions);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select all submitted timesheets' }));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was changed');
    expect(within(alert).getByText(/^JO-2 week of/)).toBeInTheDocument();
    expect(alert).not.toHaveTextContent('ids[1]');
  });

  it('offers no selection on timesheets that are not submitted', () => {
    renderList({ approve: vi.fn(async () => []), reject: vi.fn(async () => []) });
    const approved = screen.getAllByTestId('timesheet-row')[2];
    expect(within(approved).queryByRole('checkbox')).toBeNull();
    expect(within(approved).queryByRole('button')).toBeNull();
  });
});
