import { createContext, useCallback, useContext, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Provider } from 'urql';
import { ConnectionStore, type ConnectionStatus } from './connection';
import { createGraphqlClient, type GraphqlClient } from './client';

interface GraphqlSession {
  /**
   * Replaces the client after sign-in or sign-out: drops every cached result, closes the
   * WebSocket (the next subscription connects with the new session cookie) and remounts the tree
   * below, so no component keeps showing the previous session's data.
   */
  resetClient(): void;
  connection: ConnectionStore;
}

const idleConnection = new ConnectionStore('idle');

const GraphqlSessionContext = createContext<GraphqlSession>({
  resetClient: () => undefined,
  connection: idleConnection,
});

export function GraphqlProvider({ children, factory = createGraphqlClient }: { children: ReactNode; factory?: () => GraphqlClient }) {
  const [current, setCurrent] = useState<GraphqlClient>(factory);
  const [generation, setGeneration] = useState(0);
  const currentRef = useRef(current);
  currentRef.current = current;

  const resetClient = useCallback(() => {
    currentRef.current.dispose();
    const next = factory();
    currentRef.current = next;
    setCurrent(next);
    setGeneration((n) => n + 1);
  }, [factory]);
  const session = useMemo(() => ({ resetClient, connection: current.connection }), [resetClient, current]);

  return (
    <GraphqlSessionContext.Provider value={session}>
      <Provider value={current.client} key={generation}>
        {children}
      </Provider>
    </GraphqlSessionContext.Provider>
  );
}

export function useResetClient(): () => void {
  return useContext(GraphqlSessionContext).resetClient;
}

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = useContext(GraphqlSessionContext);
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot);
}

export { GraphqlSessionContext };
