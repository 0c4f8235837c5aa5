import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { PayCodesQuery } from '../jobOrders/queries';
import { JobOrdersQuery } from '../jobOrders/queries';
import { addDays, isMonday, mondayOf, todayIso } from '../lib/dates';
import { collectErrors, type UserError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { copyWeek } from './copyWeek';
import { LastWeekQuery, SubmitTimesheetMutation } from './mutations';
import { emptyWeek, errorsByCell, gridNumberErrors, weekToEntries, WeekGrid, type WeekValue } from './WeekGrid';

export default function TimesheetEntryPage() {
  const [params] = useSearchParams();
  const [jobOrder, setJobOrder] = useState<string | null>(params.get('jobOrder'));
  const [week, setWeek] = useState(params.get('week') ?? mondayOf(todayIso()));
  const [value, setValue] = useState<WeekValue>(emptyWeek);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [submitted, setSubmitted] = useState<{ id: string; code: string; week: string } | null>(null);
  const [{ data: jobOrders, fetching: loadingJobOrders }] = useQuery({
    query: JobOrdersQuery,
    variables: { first: 100, filters: { status: 'ACTIVE' } },
  });
  const [{ data: codes }] = useQuery({ query: PayCodesQuery });
  const [{ fetching }, submit] = useMutation(SubmitTimesheetMutation);
  const client = useClient();
  const [copyNote, setCopyNote] = useState('');

  const jobOrderOptions = (jobOrders?.jobOrders.edges ?? []).map(({ node }) => ({
    value: node.code,
    label: `${node.code} — ${node.title} (${node.client.name}, ${node.payee.name})`,
  }));
  if (jobOrder && !jobOrderOptions.some((o) => o.value === jobOrder)) jobOrderOptions.unshift({ value: jobOrder, label: jobOrder });
  const unitCodes = (codes?.payCodes.edges ?? [])
    .filter(({ node }) => node.unit !== 'HOUR')
    .map(({ node }) => ({ value: node.code, label: `${node.code} — ${node.name}` }));
  const monday = isMonday(week) ? week : mondayOf(week);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(null);
    const local: UserError[] = [];
    if (!jobOrder) local.push({ field: 'jobOrder', code: 'required', message: 'Choose a job order.' });
    if (!week) local.push({ field: 'weekStarting', code: 'required', message: 'Choose the week.' });
    const { entries, sources } = weekToEntries(monday, value);
    if (entries.length === 0) local.push({ field: null, code: 'required', message: 'Enter the hours of at least one day.' });
    local.push(...gridNumberErrors(value));
    if (local.length > 0) {
      setErrors(local);
      return;
    }
    const result = await submit({ input: { jobOrder: jobOrder!, weekStarting: monday, entries } });
    const found = errorsByCell(collectErrors(result.error, result.data?.submitTimesheet), sources);
    setErrors(found);
    const timesheet = result.data?.submitTimesheet.timesheet;
    if (found.length === 0 && timesheet) {
      setSubmitted({ id: timesheet.id, code: jobOrder!, week: monday });
      setValue(emptyWeek());
    }
  }

  async function copyLastWeek() {
    if (!jobOrder) {
      setErrors([{ field: 'jobOrder', code: 'required', message: 'Choose a job order first.' }]);
      return;
    }
    const lastMonday = addDays(monday, -7);
    const result = await client.query(LastWeekQuery, { filters: { jobOrder, weekStarting: lastMonday } }, { requestPolicy: 'network-only' }).toPromise();
    const last = result.data?.timesheets.edges[0]?.node;
    if (!last) {
      setCopyNote(result.error ? result.error.message : `${jobOrder} has no timesheet for the week of ${formatDate(lastMonday)}.`);
      return;
    }
    setValue(copyWeek(lastMonday, last.entries));
    setCopyNote(`Copied the week of ${formatDate(lastMonday)}: check it, then submit.`);
  }

  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;

  return (
    <>
      <PageHeader title="Enter a timesheet" crumbs={[{ label: 'Timesheets', to: '/timesheets' }]} />
      <form onSubmit={onSubmit} aria-label="Timesheet" noValidate>
        <Stack>
          <Card withBorder>
            <Group align="flex-start" gap="md">
              <Select
                label="Job order"
                placeholder={loadingJobOrders ? 'Loading job orders…' : 'Choose an active job order'}
                data={jobOrderOptions}
                value={jobOrder}
                onChange={setJobOrder}
                searchable
                nothingFoundMessage="No active job order matches"
                w={{ base: '100%', sm: 420 }}
                error={fieldError('jobOrder')}
                required
              />
              <TextInput
                label="Week starting"
                description={`Monday ${formatDate(monday)}`}
                type="date"
                value={week}
                onChange={(e) => setWeek(e.currentTarget.value)}
                error={fieldError('weekStarting')}
                required
              />
            </Group>
          </Card>
          <Group gap="sm">
            <Button variant="light" onClick={copyLastWeek}>
              Copy last week
            </Button>
            {copyNote && (
              <Text size="sm" role="status">
                {copyNote}
              </Text>
            )}
          </Group>
          <Card withBorder>
            <WeekGrid monday={monday} value={value} onChange={setValue} errors={errors} unitCodes={unitCodes} />
          </Card>
          <ErrorList errors={errors.filter((e) => !e.field || !/^(days|units)\[\d+\]\./.test(e.field))} title="Timesheet not submitted" />
          {submitted && (
            <Alert color="green" title="Timesheet submitted" role="status">
              <Text size="sm">
                {submitted.code}, week of {formatDate(submitted.week)} is waiting for approval.{' '}
                <Anchor component={Link} to={`/timesheets/${encodeURIComponent(submitted.id)}`}>
                  Open it
                </Anchor>{' '}
                or go to the{' '}
                <Anchor component={Link} to="/timesheets">
                  approval queue
                </Anchor>
                .
              </Text>
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={fetching}>
              Submit timesheet
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
