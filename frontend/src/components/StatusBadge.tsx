import { Badge } from '@mantine/core';

const colors: Record<string, string> = {
  DRAFT: 'gray',
  FILLED: 'blue',
  ACTIVE: 'green',
  COMPLETED: 'teal',
  CANCELLED: 'gray',
  SUBMITTED: 'yellow',
  APPROVED: 'green',
  REJECTED: 'red',
  QUEUED: 'gray',
  RUNNING: 'blue',
  FAILED: 'red',
  ISSUED: 'blue',
  PART_PAID: 'yellow',
  PAID: 'green',
  CREDITED: 'grape',
  PART_CREDITED: 'grape',
  OVERDUE: 'red',
};

export function humanize(value: string): string {
  const text = value.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" data-status={status}>
      {humanize(status)}
    </Badge>
  );
}
