import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { ErrorState, LoadingState } from './states';
import { errorMessage } from '../lib/errors';

/**
 * The loading, error and empty states of a query in one place: renders `children(data)` once there
 * is data, `empty` when `isEmpty(data)`.
 */
export function QueryState<T>({
  fetching,
  error,
  data,
  what,
  isEmpty,
  empty,
  onRetry,
  children,
}: {
  fetching: boolean;
  error: CombinedError | undefined;
  data: T | undefined;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (error && !data) {
    return <ErrorState title={`Could not load ${what}`} error={new Error(errorMessage(error))} onRetry={onRetry} />;
  }
  if (!data) return fetching ? <LoadingState label={`Loading ${what}`} /> : null;
  if (isEmpty?.(data)) {
    return (
      <Text c="dimmed" py="lg" ta="center" data-testid="empty-state">
        {empty ?? `No ${what} yet.`}
      </Text>
    );
  }
  return <>{children(data)}</>;
}
