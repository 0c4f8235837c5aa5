import type { CombinedError } from 'urql';

export interface UserError {
  field: string | null;
  code: string;
  message: string;
}

/** What a mutation returned, reduced to its user errors (network and GraphQL errors included). */
export function collectErrors(error: CombinedError | undefined, payload: { errors: UserError[] } | null | undefined): UserError[] {
  if (error) {
    const messages = error.graphQLErrors.length > 0 ? error.graphQLErrors.map((e) => e.message) : [error.message];
    return messages.map((message) => ({ field: null, code: 'request', message }));
  }
  if (!payload) return [{ field: null, code: 'unknown', message: 'The server gave no answer. Please try again.' }];
  return payload.errors;
}

/** The message of a query error without urql's `[GraphQL]`/`[Network]` prefixes. */
export function errorMessage(error: CombinedError | Error): string {
  if ('graphQLErrors' in error && error.graphQLErrors.length > 0) return error.graphQLErrors.map((e) => e.message).join(' ');
  return error.message.replace(/^\[(GraphQL|Network)\]\s*/, '');
}

/** Errors whose field is `field` or below it (`entries[2]` matches `entries[2].end`). */
export function errorsAt(errors: UserError[], field: string): string | undefined {
  const found = errors.filter((e) => e.field === field || (e.field ?? '').startsWith(`${field}.`)).map((e) => e.message);
  return found.length > 0 ? found.join(' ') : undefined;
}
