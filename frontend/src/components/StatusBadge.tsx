import { Badge } from '@mantine/core';
import { humanize } from '../lib/format';

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

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" data-status={status}>
      {humanize(status)}
    </Badge>
  );
}
