import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../components/states';
import { useViewer } from './useViewer';

/** Renders the nested routes for a signed-in user; sends everyone else to /sign-in. */
export function RequireViewer() {
  const { viewer, fetching, error, refetch } = useViewer();
  const location = useLocation();

  if (viewer === null) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  if (viewer === undefined) {
    if (error && !fetching) {
      return <ErrorState title="Could not reach the server" error={error} onRetry={refetch} />;
    }
    return <LoadingState label="Loading your session" />;
  }
  return <Outlet />;
}
