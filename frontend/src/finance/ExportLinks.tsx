import { Anchor, Group, Text } from '@mantine/core';

/**
 * Download links of a list page (CSV and XLSX). Finance lists take an entity and period; the
 * clients, job orders and timesheets lists take the page's own filters (`filters`, empty ones left out).
 */
export function ExportLinks({ list, entity = 'KSAU', from, to, filters }: { list: string; entity?: string; from?: string; to?: string; filters?: Record<string, string | null | undefined> }) {
  const params = filters ? new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]))) : new URLSearchParams({ entity });
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const what = list.replace('-', ' ');
  return (
    <Group gap="xs">
      <Text size="sm">Download:</Text>
      <Anchor href={`/exports/lists/${list}.csv?${params}`} size="sm" aria-label={`Download the ${what} as CSV`}>
        CSV
      </Anchor>
      <Anchor href={`/exports/lists/${list}.xlsx?${params}`} size="sm" aria-label={`Download the ${what} as XLSX`}>
        XLSX
      </Anchor>
    </Group>
  );
}
