import { Client, cacheExchange, fetchExchange, subscriptionExchange, type ExecutionResult } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { ConnectionStore } from './connection';
import { readCsrfToken } from './csrf';

export const GRAPHQL_PATH = '/graphql';

/** ws(s)://<host>/graphql for the page's own origin. */
export function graphqlWebSocketUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}

/**
 * Wait before reconnect attempt `retries` (0-based): exponential from 1 s, capped at 30 s, plus up
 * to 1 s of jitter so that many tabs do not reconnect in lock-step after a server restart.
 * (graphql-ws's default back-off has no cap, which with unlimited retries grows to hours.)
 */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  return Math.min(1000 * 2 ** retries, 30_000) + Math.floor(random() * 1000);
}

export interface GraphqlClient {
  client: Client;
  connection: ConnectionStore;
  /** Closes the WebSocket for good (used when the client is replaced on sign-in/sign-out). */
  dispose(): void;
}

/**
 * The one GraphQL client of the SPA.
 *
 * - Queries and mutations: HTTP POST to /graphql, JSON body, the session cookie
 *   (`credentials: 'same-origin'`) and the `X-CSRFToken` header read from the `csrftoken` cookie
 *   at the moment of each request.
 * - Subscriptions: graphql-ws (graphql-transport-ws protocol) on ws(s)://<host>/graphql,
 *   authenticated by the same session cookie. The socket opens lazily with the first subscription
 *   and closes with the last one. After any unexpected close it reconnects forever (back-off: see
 *   reconnectDelay) and re-subscribes the active subscriptions.
 */
export function createGraphqlClient(options: { url?: string; wsUrl?: string } = {}): GraphqlClient {
  const connection = new ConnectionStore();
  let everConnected = false;
  let activeSubscriptions = 0;

  const wsClient: WsClient = createWsClient({
    url: options.wsUrl ?? graphqlWebSocketUrl(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries))),
    keepAlive: 15_000,
    on: {
      connecting: () => connection.set(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        connection.set('connected');
      },
      // A close while subscriptions are active is a drop: graphql-ws will retry.
      closed: () => connection.set(activeSubscriptions > 0 ? 'reconnecting' : 'idle'),
    },
  });

  const client = new Client({
    url: options.url ?? GRAPHQL_PATH,
    // POST everything: one code path on the server, always CSRF-checked.
    preferGetMethod: false,
    requestPolicy: 'cache-first',
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'X-CSRFToken': readCsrfToken(),
      },
    }),
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              activeSubscriptions += 1;
              let active = true;
              const stop = () => {
                if (active) {
                  active = false;
                  activeSubscriptions -= 1;
                }
              };
              const unsubscribe = wsClient.subscribe(input, {
                next: (value) => sink.next(value as ExecutionResult),
                error: (error) => {
                  stop();
                  sink.error(error);
                },
                complete: () => {
                  stop();
                  sink.complete();
                },
              });
              return {
                unsubscribe() {
                  stop();
                  unsubscribe();
                },
              };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });

  return {
    client,
    connection,
    dispose() {
      void wsClient.dispose();
      connection.set('idle');
    },
  };
}
