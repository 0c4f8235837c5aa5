import { Group, Progress, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../components/StatusBadge';

/** A run's progress (0..1) as an accessible bar with its percentage and status. */
export function BillingRunProgressBar({
  progress,
  status,
  lineCount,
  plannedLines,
  label = 'Billing run progress',
  testId = 'billing-run',
}: {
  progress: number;
  status: string;
  lineCount?: number;
  plannedLines?: number;
  label?: string;
  testId?: string;
}) {
  const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
  const color = status === 'FAILED' ? 'red' : status === 'COMPLETED' ? 'green' : 'indigo';
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <StatusBadge status={status} />
        <Text size="sm" fw={600} data-testid={`${testId}-percent`} aria-live="polite">
          {percent}%{lineCount !== undefined && plannedLines ? ` · ${lineCount} of ${plannedLines} lines` : ''}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={color}
        size="lg"
        striped={status === 'RUNNING'}
        animated={status === 'RUNNING'}
        aria-label={label}
        data-testid={`${testId}-progress`}
        transitionDuration={200}
      />
    </Stack>
  );
}
