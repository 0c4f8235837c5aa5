import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { LogoutMutation } from '../auth/mutations';
import { useViewer } from '../auth/useViewer';
import { isWorker } from './Audience';
import { useResetClient } from '../graphql/GraphqlProvider';
import { LoadingState } from '../components/states';

interface NavItem {
  to: string;
  label: string;
  /** Shown only to holders of this permission (the page is only for that action). */
  needs?: string;
}

export const staffNav: NavItem[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/insight', label: 'Insight' },
  { to: '/clients', label: 'Clients' },
  { to: '/job-orders', label: 'Job orders' },
  { to: '/timesheets', label: 'Timesheets' },
  { to: '/billing-runs', label: 'Billing runs' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/receipts', label: 'Receipts' },
  { to: '/bank-statements', label: 'Bank statements' },
  { to: '/books', label: 'The books' },
  { to: '/workers', label: 'Workers' },
  { to: '/pay-runs', label: 'Pay runs' },
  { to: '/payables', label: 'Payables' },
  { to: '/agreements', label: 'Agreements' },
  { to: '/configuration', label: 'Configuration', needs: 'import_configuration' },
  { to: '/webhooks', label: 'Webhooks', needs: 'manage_api_tokens' },
  { to: '/account', label: 'Account and live' },
];

export const portalNav: NavItem[] = [
  { to: '/', label: 'Overview' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/job-orders', label: 'Job orders' },
  { to: '/timesheets', label: 'Timesheets' },
  { to: '/account', label: 'Account' },
];

export const workerNav: NavItem[] = [
  { to: '/', label: 'Overview' },
  { to: '/payslips', label: 'Payslips' },
  { to: '/timesheets', label: 'Timesheets' },
  { to: '/account', label: 'Account' },
];

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** The signed-in shell: header with the user and sign-out, navigation, and the page. */
export function Layout() {
  const { viewer, can } = useViewer();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const resetClient = useResetClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [{ fetching }, logout] = useMutation(LogoutMutation);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const worker = !!viewer && isWorker(viewer);
  const nav = (worker ? workerNav : viewer?.client ? portalNav : staffNav).filter((item) => !item.needs || can(item.needs));

  async function signOut() {
    setSignOutError(null);
    const result = await logout({});
    const message = result.error?.message ?? result.data?.logout.errors[0]?.message;
    if (message) {
      setSignOutError(message);
      return;
    }
    resetClient();
    navigate('/sign-in', { replace: true });
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <a className="ks-skip-link" href="#main">
          Skip to main content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Title order={2} size="h4">
              KS-ERP
            </Title>
            {viewer?.client && (
              <Text size="sm" c="dimmed" data-testid="portal-client">
                {viewer.client.name} portal
              </Text>
            )}
            {worker && (
              <Text size="sm" c="dimmed" data-testid="portal-worker">
                Worker portal
              </Text>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {viewer && !viewer.client && !worker && (
              <form
                role="search"
                aria-label="Search clients, contacts, workers, job orders and invoices"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (searchText.trim()) navigate(`/search?q=${encodeURIComponent(searchText.trim())}`);
                }}
              >
                <TextInput size="xs" placeholder="Search" aria-label="Search" value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} w={{ base: 120, sm: 220 }} />
              </form>
            )}
            {signOutError && (
              <Text size="sm" c="red" role="alert">
                {signOutError}
              </Text>
            )}
            {viewer && (
              <Text size="sm" c="dimmed" visibleFrom="xs" data-testid="header-username">
                {viewer.username}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={signOut} loading={fetching}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <ScrollArea>
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={isActive(pathname, item.to)}
              aria-current={isActive(pathname, item.to) ? 'page' : undefined}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
