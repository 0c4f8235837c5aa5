import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import SignInPage from './SignInPage';

const signedOut = () => fromValue({ data: { viewer: null } });

function renderSignIn(executeMutation: ReturnType<typeof vi.fn>) {
  const client = mockClient({ executeQuery: vi.fn(signedOut), executeMutation });
  const view = renderWithProviders(<SignInPage />, {
    client,
    path: '/sign-in',
    extraRoutes: [{ path: '/', element: <p>Home page</p> }],
  });
  return { ...view, client };
}

describe('SignInPage', () => {
  it('submits the username and password to the login mutation, then goes home', async () => {
    const executeMutation = vi.fn(() =>
      fromValue({ data: { login: { viewer: { username: 'alice' }, errors: [] } } }),
    );
    const { client, resetClient } = renderSignIn(executeMutation);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText(/^Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 's3cret!');
    await user.keyboard('{Enter}');

    expect(await screen.findByText('Home page')).toBeInTheDocument();
    expect(client.executeMutation).toHaveBeenCalledTimes(1);
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(operation.variables).toEqual({ username: 'alice', password: 's3cret!' });
    expect(resetClient).toHaveBeenCalledTimes(1);
  });

  it('shows the error message from the payload and stays on the page', async () => {
    const executeMutation = vi.fn(() =>
      fromValue({
        data: {
          login: {
            viewer: null,
            errors: [{ field: null, code: 'invalid_credentials', message: 'Wrong username or password.' }],
          },
        },
      }),
    );
    const { resetClient } = renderSignIn(executeMutation);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText(/^Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong username or password.');
    expect(screen.queryByText('Home page')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Password/)).toHaveValue('nope');
    expect(resetClient).not.toHaveBeenCalled();
  });

  it('shows a field error next to its input', async () => {
    const executeMutation = vi.fn(() =>
      fromValue({
        data: {
          login: { viewer: null, errors: [{ field: 'username', code: 'inactive', message: 'This account is disabled.' }] },
        },
      }),
    );
    renderSignIn(executeMutation);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText(/^Username/), 'bob');
    await user.type(screen.getByLabelText(/^Password/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription('This account is disabled.'));
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('does not call the server when a field is empty', async () => {
    const executeMutation = vi.fn();
    renderSignIn(executeMutation);
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('redirects a signed-in user home', async () => {
    const client = mockClient({
      executeQuery: vi.fn(() =>
        fromValue({ data: { viewer: { username: 'alice', roles: [], isStaff: false, client: null } } }),
      ),
    });
    renderWithProviders(<SignInPage />, {
      client,
      path: '/sign-in',
      extraRoutes: [{ path: '/', element: <p>Home page</p> }],
    });
    expect(await screen.findByText('Home page')).toBeInTheDocument();
  });
});
