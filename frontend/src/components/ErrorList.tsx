import { Alert, Code, List } from '@mantine/core';
import type { UserError } from '../lib/errors';

/** Errors of a mutation, each with the path of the input it is about. */
export function ErrorList({ errors, title = 'Not saved' }: { errors: UserError[]; title?: string }) {
  if (errors.length === 0) return null;
  return (
    <Alert color="red" title={title} role="alert">
      <List size="sm" spacing={4} data-testid="error-list">
        {errors.map((e, i) => (
          <List.Item key={`${e.field ?? ''}:${e.code}:${i}`}>
            {e.field && <Code mr={6}>{e.field}</Code>}
            {e.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
