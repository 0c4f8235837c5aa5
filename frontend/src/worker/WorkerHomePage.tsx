import { Anchor, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useViewer } from '../auth/useViewer';
import { PageHeader } from '../components/PageHeader';
import { WorkerPayslipsList } from './WorkerPayslipsPage';
import { WorkerTimesheetsList } from './WorkerTimesheetsPage';

/** The worker portal's overview: the latest payslips and timesheets of the signed-in worker. */
export default function WorkerHomePage() {
  const { viewer } = useViewer();
  return (
    <>
      <PageHeader title={`Hello, ${viewer?.payee?.name ?? 'there'}`} />
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
