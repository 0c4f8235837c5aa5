import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { Provider, type Client } from 'urql';
import { never } from 'wonka';
import { vi } from 'vitest';
import { theme } from '../app/theme';
import { ConnectionStore, type ConnectionStatus } from '../graphql/connection';
import { GraphqlSessionContext } from '../graphql/GraphqlProvider';

/** A urql client whose operations are vi.fn()s; by default nothing ever answers. */
export function mockClient(overrides: Partial<Record<'executeQuery' | 'executeMutation' | 'executeSubscription', ReturnType<typeof vi.fn>>> = {}) {
  const mock = {
    executeQuery: vi.fn(() => never),
    executeMutation: vi.fn(() => never),
    executeSubscription: vi.fn(() => never),
    ...overrides,
  };
  return mock as typeof mock & Client;
}

export function renderWithProviders(
  ui: ReactElement,
  {
    client,
    path = '/',
    extraRoutes = [],
    resetClient = vi.fn(),
    connection = 'connected',
  }: {
    client: Client;
    path?: string;
    extraRoutes?: RouteObject[];
    resetClient?: () => void;
    connection?: ConnectionStatus;
  },
) {
  const router = createMemoryRouter([{ path, element: ui }, ...extraRoutes], { initialEntries: [path] });
  const session = { resetClient, connection: new ConnectionStore(connection) };
  const result = render(
    <MantineProvider theme={theme}>
      <GraphqlSessionContext.Provider value={session}>
        <Provider value={client}>
          <RouterProvider router={router} />
        </Provider>
      </GraphqlSessionContext.Provider>
    </MantineProvider>,
  );
  return { ...result, router, resetClient };
}

/** The operation name of a urql operation (for mocks that answer by name). */
export function operationName(operation: { query: unknown }): string {
  const doc = operation.query as { definitions: { kind: string; name?: { value: string } }[] };
  return doc.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? '';
}
