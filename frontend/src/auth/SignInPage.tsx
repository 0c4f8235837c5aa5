import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { LoginMutation as LoginResult } from '../graphql';
import { useResetClient } from '../graphql/GraphqlProvider';
import { LoginMutation } from './mutations';
import { useViewer } from './useViewer';

type UserError = LoginResult['login']['errors'][number];

function redirectTarget(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/sign-in') ? from : '/';
}

export default function SignInPage() {
  const { viewer } = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const resetClient = useResetClient();
  const [{ fetching }, login] = useMutation(LoginMutation);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);

  if (viewer) {
    return <Navigate to={redirectTarget(location.state)} replace />;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: UserError[] = [];
    if (!username.trim()) missing.push({ field: 'username', code: 'required', message: 'Enter your username.' });
    if (!password) missing.push({ field: 'password', code: 'required', message: 'Enter your password.' });
    setErrors(missing);
    if (missing.length > 0) return;
    const result = await login({ username: username.trim(), password });
    if (result.error) {
      setErrors([{ field: null, code: 'network', message: result.error.message }]);
      return;
    }
    const payload = result.data?.login;
    if (!payload) {
      setErrors([{ field: null, code: 'unknown', message: 'The server gave no answer. Please try again.' }]);
      return;
    }
    if (payload.errors.length > 0 || !payload.viewer) {
      setErrors(
        payload.errors.length > 0
          ? payload.errors
          : [{ field: null, code: 'unknown', message: 'Sign-in failed. Please try again.' }],
      );
      return;
    }
    // New session: start a fresh client (no cached signed-out results, new WebSocket).
    resetClient();
    navigate(redirectTarget(location.state), { replace: true });
  }

  const fieldError = (field: string) =>
    errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join(' ') || undefined;
  const formErrors = errors.filter((e) => e.field !== 'username' && e.field !== 'password');

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={380}>
        <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} size="h3" id="sign-in-title">
              Sign in to KS-ERP
            </Title>
            {formErrors.length > 0 && (
              <Alert color="red" role="alert" title="Could not sign in">
                {formErrors.map((e) => (
                  <div key={`${e.code}:${e.message}`}>{e.message}</div>
                ))}
              </Alert>
            )}
            <TextInput
              label="Username"
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldError('username')}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError('password')}
            />
            <Button type="submit" loading={fetching}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
