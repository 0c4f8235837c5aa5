import { Alert } from '@mantine/core';
import type { UserError } from '../lib/errors';
import { ErrorList } from './ErrorList';

/**
 * What a submitted form came to: the errors not already shown at a field (`atFields`) in one
 * list, or the success message as a status (announced by screen readers).
 */
export function FormResult({ errors, atFields, title, done }: { errors: UserError[]; atFields: Iterable<string>; title: string; done: string | null }) {
  const shown = new Set(atFields);
  return (
    <>
      <ErrorList errors={errors.filter((e) => !shown.has(e.field ?? ''))} title={title} />
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
    </>
  );
}
