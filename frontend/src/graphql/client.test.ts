import { describe, expect, it } from 'vitest';
import { readCsrfToken } from './csrf';
import { graphqlWebSocketUrl, reconnectDelay } from './client';

describe('readCsrfToken', () => {
  it('reads the csrftoken cookie among others', () => {
    expect(readCsrfToken('sessionid=abc; csrftoken=Tok%2Fen123; theme=dark')).toBe('Tok/en123');
  });

  it('does not match cookies whose name only ends with csrftoken', () => {
    expect(readCsrfToken('xcsrftoken=nope')).toBe('');
  });

  it('is empty without the cookie', () => {
    expect(readCsrfToken('')).toBe('');
  });
});

describe('graphqlWebSocketUrl', () => {
  it('uses ws for http and wss for https, on the same host', () => {
    expect(graphqlWebSocketUrl({ protocol: 'http:', host: '127.0.0.1:8123' } as Location)).toBe('ws://127.0.0.1:8123/graphql');
    expect(graphqlWebSocketUrl({ protocol: 'https:', host: 'erp.example.com' } as Location)).toBe('wss://erp.example.com/graphql');
  });
});

describe('reconnectDelay', () => {
  it('backs off exponentially from 1 s, capped at 30 s, plus jitter under 1 s', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => reconnectDelay(n, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelay(0, () => 0.999)).toBe(1999);
  });
});
