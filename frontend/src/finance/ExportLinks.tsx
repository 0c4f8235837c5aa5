import { Anchor, Group, Text } from '@mantine/core';

/** Download links of a list page (CSV and XLSX), for an entity and period. */
export function ExportLinks({ list, entity = 'KSAU', from, to }: { list: string; entity?: string; from?: string; to?: string }) {
  const params = new URLSearchParams({ entity });
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  return (
    <Group gap="xs">
      <Text size="sm">Download:</Text>
      <Anchor href={`/exports/lists/${list}.csv?${params}`} size="sm">
        CSV
      </Anchor>
      <Anchor href={`/exports/lists/${list}.xlsx?${params}`} size="sm">
        XLSX
      </Anchor>
    </Group>
  );
}
