import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useViewer } from '../auth/useViewer';
import { WorkerPayslipsList } from './WorkerPayslipsPage';
import { WorkerTimesheetsList } from './WorkerTimesheetsPage';

/** The worker portal's overview: the latest payslips and timesheets of the signed-in worker. */
export default function WorkerHomePage() {
  const { viewer } = useViewer();
  return (
    <>
      <Title order={1} size="h2">
        Welcome, <span data-testid="viewer-username">{viewer?.username}</span>
      </Title>
      <Text c="dimmed" mb="md">
        {viewer?.payee?.name}: your payslips and timesheets.
      </Text>
      <Stack gap="lg">
        <section aria-labelledby="latest-payslips">
          <Title order={2} size="h4" id="latest-payslips" mb="xs">
            Latest payslips
          </Title>
          <WorkerPayslipsList first={3} />
          <Anchor component={Link} to="/payslips">
            All your payslips
          </Anchor>
        </section>
        <section aria-labelledby="latest-timesheets">
          <Title order={2} size="h4" id="latest-timesheets" mb="xs">
            Latest timesheets
          </Title>
          <WorkerTimesheetsList first={3} />
          <Anchor component={Link} to="/timesheets">
            All your timesheets
          </Anchor>
        </section>
      </Stack>
    </>
  );
}
