import { Button, Group, Text } from '@mantine/core';
import { useCallback, useState } from 'react';

export const PAGE_SIZE = 20;

export interface CursorPager {
  /** The `after` argument of the current page. */
  after: string | null;
  page: number;
  next(endCursor: string | null | undefined): void;
  previous(): void;
  reset(): void;
}

/**
 * Forward cursor pagination (`first`/`after`) with a way back: the cursors of the pages already
 * seen are kept on a stack.
 */
export function useCursorPager(): CursorPager {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setStack((s) => [...s, endCursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { after: stack[stack.length - 1] ?? null, page: stack.length, next, previous, reset };
}

export function Pager({
  pager,
  pageInfo,
  totalCount,
  shown,
  label,
}: {
  pager: CursorPager;
  pageInfo: { hasNextPage: boolean; endCursor: string | null } | undefined;
  totalCount: number | null | undefined;
  shown: number;
  label: string;
}) {
  const first = (pager.page - 1) * PAGE_SIZE + (shown > 0 ? 1 : 0);
  const last = (pager.page - 1) * PAGE_SIZE + shown;
  return (
    <Group justify="space-between" mt="sm" component="nav" aria-label={`${label} pages`}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {totalCount != null ? `${first}–${last} of ${totalCount}` : `Page ${pager.page}`}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={pager.previous} disabled={pager.page <= 1}>
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => pager.next(pageInfo?.endCursor)}
          disabled={!pageInfo?.hasNextPage}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
