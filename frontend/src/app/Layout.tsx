import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import { Suspense, useState } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { LogoutMutation } from '../auth/mutations';
import { useViewer } from '../auth/useViewer';
import { useResetClient } from '../graphql/GraphqlProvider';
import { LoadingState } from './states';

/** The signed-in shell: header with the user and sign-out, and the page below. */
export function Layout() {
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const resetClient = useResetClient();
  const [{ fetching }, logout] = useMutation(LogoutMutation);
  const [signOutError, setSignOutError] = useState<string | null>(null);

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
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            KS-ERP
          </Title>
          <Group gap="sm" wrap="nowrap">
            {signOutError && (
              <Text size="sm" c="red" role="alert">
                {signOutError}
              </Text>
            )}
            {viewer && (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {viewer.username}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={signOut} loading={fetching}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
