import { useQuery } from 'urql';
import type { ViewerQuery as ViewerQueryResult } from '../graphql';
import { ViewerQuery } from './queries';

export type Viewer = NonNullable<ViewerQueryResult['viewer']>;

export interface ViewerState {
  /** The signed-in user; `null` when signed out; `undefined` while unknown (loading or failed). */
  viewer: Viewer | null | undefined;
  fetching: boolean;
  error: Error | undefined;
  refetch(): void;
}

/** Who is signed in. The result is cached by the client, so every caller shares one request. */
export function useViewer(): ViewerState {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerQuery });
  return {
    viewer: data ? data.viewer : undefined,
    fetching,
    error,
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
