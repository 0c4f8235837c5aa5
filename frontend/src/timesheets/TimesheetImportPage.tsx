import { Alert, Button, Checkbox, Code, FileInput, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { graphql } from '../graphql';
import type { ImportTimesheetsMutation as Result } from '../graphql';
import { collectErrors, type UserError } from '../lib/errors';

export const ImportTimesheetsMutation = graphql(`
  mutation ImportTimesheets($csv: String!, $allOrNothing: Boolean!) {
    importTimesheets(csv: $csv, allOrNothing: $allOrNothing) {
      ok
      imported
      rejected
      rowErrors {
        row
        field
        code
        message
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

const EXAMPLE = 'job_order,week_starting,date,start,end,break_minutes,hours,pay_code,quantity\nJO-1001,2025-07-07,2025-07-07,07:00,15:06,30,,,\n';

/** Upload a CSV of timesheet rows; each row that is refused is listed with its row number and reason. */
export default function TimesheetImportPage() {
  const [csv, setCsv] = useState('');
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [outcome, setOutcome] = useState<Result['importTimesheets'] | null>(null);
  const [{ fetching }, run] = useMutation(ImportTimesheetsMutation);

  async function load(file: File | null) {
    setOutcome(null);
    setCsv(file ? await file.text() : '');
  }

  async function upload() {
    setOutcome(null);
    const result = await run({ csv, allOrNothing });
    setErrors(collectErrors(result.error, result.data?.importTimesheets));
    if (result.data) setOutcome(result.data.importTimesheets);
  }

  return (
    <>
      <PageHeader title="Upload timesheets" crumbs={[{ label: 'Timesheets', to: '/timesheets' }]} />
      <Stack maw={900}>
        <Text size="sm">
          One row per entry: a shift (start, end, break minutes), hours, or units of a pay code. Rows of the same job order and week are one timesheet, stored whole or not at all. The first line names the columns, e.g. <Code>{EXAMPLE.split('\n')[0]}</Code>
        </Text>
        <FileInput label="CSV file" accept=".csv,text/csv" placeholder="Choose a CSV file" onChange={load} clearable />
        <Textarea label="CSV" description="The file's text; you may also paste or edit it here." autosize minRows={4} maxRows={16} value={csv} onChange={(e) => setCsv(e.currentTarget.value)} data-testid="import-csv" styles={{ input: { fontFamily: 'monospace' } }} />
        <Checkbox label="All or nothing: store nothing if any row is wrong" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.currentTarget.checked)} />
        <Group>
          <Button onClick={upload} loading={fetching} disabled={!csv.trim()}>
            Upload timesheets
          </Button>
        </Group>
        <ErrorList errors={errors} />
        {outcome && (
          <Stack gap="sm">
            <Alert color={outcome.rejected === 0 ? 'green' : 'yellow'} role="status" data-testid="import-outcome">
              {outcome.imported} timesheet(s) stored, {outcome.rejected} refused.
            </Alert>
            {outcome.rowErrors.length > 0 && (
              <Table aria-label="Rows refused" fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {outcome.rowErrors.map((e, i) => (
                    <Table.Tr key={`${e.row}:${e.field ?? ''}:${i}`}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.field ?? ''}</Table.Td>
                      <Table.Td>{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </>
  );
}
