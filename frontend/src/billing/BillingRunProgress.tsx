import { Group, Progress, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../components/StatusBadge';

/** A run's progress (0..1) as an accessible bar with its percentage and status. */
export function BillingRunProgressBar({ progress, status, lineCount, plannedLines }: { progress: number; status: string; lineCount?: number; plannedLines?: number }) {
  const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
  const color = status === 'FAILED' ? 'red' : status === 'COMPLETED' ? 'green' : 'indigo';
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <StatusBadge status={status} />
        <Text size="sm" fw={600} data-testid="billing-run-percent" aria-live="polite">
          {percent}%{lineCount !== undefined && plannedLines ? ` · ${lineCount} of ${plannedLines} lines` : ''}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={color}
        size="lg"
        striped={status === 'RUNNING'}
        animated={status === 'RUNNING'}
        aria-label="Billing run progress"
        data-testid="billing-run-progress"
        transitionDuration={200}
      />
    </Stack>
  );
}
