import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import { Layout } from './Layout';

function renderAs(viewer: { username: string; roles: string[]; isStaff: boolean; client: { code: string; name: string } | null; permissions?: string[] }) {
  const client = mockClient({ executeQuery: vi.fn(() => fromValue({ data: { viewer } })) });
  renderWithProviders(<Layout />, { client });
  return within(screen.getByRole('navigation', { name: 'Main' }));
}

describe('Layout navigation', () => {
  it('gives staff the back office', () => {
    const nav = renderAs({ username: 'ada', roles: ['admin'], isStaff: true, client: null, permissions: ['import_configuration', 'run_billing'] });
    for (const name of ['Dashboard', 'Clients', 'Job orders', 'Timesheets', 'Billing runs', 'Invoices', 'Agreements', 'Configuration']) {
      expect(nav.getByRole('link', { name })).toBeInTheDocument();
    }
    expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  it('shows the configuration import only to those who may import', () => {
    const nav = renderAs({ username: 'alex', roles: ['account_manager'], isStaff: true, client: null, permissions: ['manage_job_orders'] });
    expect(nav.queryByRole('link', { name: 'Configuration' })).toBeNull();
    expect(nav.getByRole('link', { name: 'Billing runs' })).toBeInTheDocument();
  });

  it('shows webhooks only to those who may manage partners (manage_api_tokens: admins)', () => {
    const admin = renderAs({ username: 'ada', roles: ['admin'], isStaff: true, client: null, permissions: ['manage_api_tokens'] });
    expect(admin.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('href', '/webhooks');
  });

  it('hides webhooks from finance', () => {
    const finance = renderAs({ username: 'fran', roles: ['finance'], isStaff: true, client: null, permissions: ['record_payment', 'run_billing'] });
    expect(finance.queryByRole('link', { name: 'Webhooks' })).toBeNull();
  });

  it('gives a portal user their own pages only', () => {
    const nav = renderAs({ username: 'acme.ap', roles: [], isStaff: false, client: { code: 'ACME', name: 'Acme Logistics' } });
    expect(nav.getAllByRole('link').map((a) => a.textContent)).toEqual(['Overview', 'Invoices', 'Job orders', 'Timesheets', 'Account']);
    expect(screen.getByTestId('portal-client')).toHaveTextContent('Acme Logistics portal');
  });
});
