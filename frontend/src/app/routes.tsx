import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { RequireViewer } from '../auth/RequireViewer';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { LoadingState } from './states';

// Pages are separate chunks; the entry bundle holds only the shell.
const SignInPage = lazy(() => import('../auth/SignInPage'));
const HomePage = lazy(() => import('../home/HomePage'));

export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={<LoadingState />}>
        <SignInPage />
      </Suspense>
    ),
  },
  {
    element: <RequireViewer />,
    children: [
      {
        element: <Layout />,
        children: [{ index: true, element: <HomePage /> }],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
