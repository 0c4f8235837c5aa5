/** State of the subscription WebSocket, for the "Live" indicator. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting';

type Listener = () => void;

/** A tiny external store (for useSyncExternalStore) fed by graphql-ws events. */
export class ConnectionStore {
  private status: ConnectionStatus;
  private readonly listeners = new Set<Listener>();

  constructor(initial: ConnectionStatus = 'idle') {
    this.status = initial;
  }

  getSnapshot = (): ConnectionStatus => this.status;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  set(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}
