import { MantineProvider } from '@mantine/core';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { GraphqlProvider } from '../graphql/GraphqlProvider';
import { routes } from './routes';
import { cssVariablesResolver, theme } from './theme';

const router = createBrowserRouter(routes);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <GraphqlProvider>
        <RouterProvider router={router} />
      </GraphqlProvider>
    </MantineProvider>
  );
}
