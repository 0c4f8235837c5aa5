import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import ConfigurationPage from './ConfigurationPage';

const sections = [
  { section: 'clients', created: 3, changed: 0, unchanged: 0 },
  { section: 'job_orders', created: 4, changed: 1, unchanged: 2 },
];

function payload(dryRun: boolean, errors: { field: string | null; code: string; message: string }[] = []) {
  return fromValue({
    data: { importConfiguration: { ok: errors.length === 0, dryRun, summary: dryRun ? 'Would import.' : 'Imported.', sections: errors.length ? [] : sections, errors } },
  });
}

describe('ConfigurationPage', () => {
  it('dry-runs the document, shows the diff, then applies exactly that document', async () => {
    const executeMutation = vi.fn((op: { variables: { dryRun: boolean } }) => payload(op.variables.dryRun));
    renderWithProviders(<ConfigurationPage />, { client: mockClient({ executeMutation }) });
    const user = userEvent.setup();
    const apply = screen.getByRole('button', { name: 'Apply' });
    expect(apply).toBeDisabled();

    await user.type(screen.getByLabelText('Document'), 'version: 1');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    const diff = await screen.findByRole('table', { name: 'Changes the import would make' });
    expect(diff).toHaveTextContent('Job orders+4~12');
    expect(executeMutation.mock.calls[0][0].variables).toEqual({ document: 'version: 1', dryRun: true });

    await waitFor(() => expect(apply).toBeEnabled());
    await user.click(apply);
    expect(await screen.findByTestId('import-applied')).toHaveTextContent('Imported.');
    expect(executeMutation.mock.calls[1][0].variables).toEqual({ document: 'version: 1', dryRun: false });
  });

  it('lists the errors with their paths and keeps Apply off', async () => {
    const executeMutation = vi.fn(() =>
      payload(true, [{ field: 'bill_agreements[0].rules[1].lines[0].value', code: 'invalid', message: 'Must be a number.' }]),
    );
    renderWithProviders(<ConfigurationPage />, { client: mockClient({ executeMutation }) });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Document'), 'version: 1');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('bill_agreements[0].rules[1].lines[0].value');
    expect(alert).toHaveTextContent('Must be a number.');
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
  });

  it('asks for a new dry run after the document is edited', async () => {
    const executeMutation = vi.fn((op: { variables: { dryRun: boolean } }) => payload(op.variables.dryRun));
    renderWithProviders(<ConfigurationPage />, { client: mockClient({ executeMutation }) });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Document'), 'version: 1');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    await screen.findByRole('table', { name: 'Changes the import would make' });
    await user.type(screen.getByLabelText('Document'), '{Enter}clients: none');
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    expect(screen.queryByRole('table', { name: 'Changes the import would make' })).toBeNull();
  });
});
