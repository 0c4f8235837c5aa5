import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { collectErrors, type UserError } from '../lib/errors';
import { TimesheetList } from '../timesheets/TimesheetList';
import { PortalApproveTimesheetMutation, PortalRejectTimesheetMutation } from './mutations';
import { PortalTimesheetsQuery } from './queries';

function PortalTimesheetsList({ status }: { status: string }) {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PortalTimesheetsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters: status === 'ALL' ? undefined : { status } },
  });
  const [, approveOne] = useMutation(PortalApproveTimesheetMutation);
  const [, rejectOne] = useMutation(PortalRejectTimesheetMutation);
  const after = () => refetch({ requestPolicy: 'network-only' });
  return (
    <QueryState what="your timesheets" fetching={fetching} error={error} data={data} onRetry={after} isEmpty={(d) => d.timesheets.edges.length === 0} empty={status === 'SUBMITTED' ? 'Nothing waits for your approval.' : 'No timesheets.'}>
      {(d) => (
        <>
          <TimesheetList
            rows={d.timesheets.edges.map((e) => e.node)}
            label="Your timesheets"
            actions={{
              async approve(ids) {
                const errors: UserError[] = [];
                for (const id of ids) {
                  const r = await approveOne({ id });
                  errors.push(...collectErrors(r.error, r.data?.approveTimesheet));
                }
                after();
                return errors;
              },
              async reject(ids, reason) {
                const errors: UserError[] = [];
                for (const id of ids) {
                  const r = await rejectOne({ id, reason });
                  errors.push(...collectErrors(r.error, r.data?.rejectTimesheet));
                }
                after();
                return errors;
              },
            }}
          />
          <Pager pager={pager} pageInfo={d.timesheets.pageInfo} totalCount={d.timesheets.totalCount} shown={d.timesheets.edges.length} label="Timesheets" />
        </>
      )}
    </QueryState>
  );
}

export default function PortalTimesheetsPage() {
  const [status, setStatus] = useState('SUBMITTED');
  return (
    <>
      <PageHeader title="Your timesheets" />
      <SegmentedControl
        aria-label="Which timesheets"
        mb="md"
        data={[
          { value: 'SUBMITTED', label: 'To approve' },
          { value: 'APPROVED', label: 'Approved' },
          { value: 'REJECTED', label: 'Rejected' },
          { value: 'ALL', label: 'All' },
        ]}
        value={status}
        onChange={setStatus}
      />
      <PortalTimesheetsList key={status} status={status} />
    </>
  );
}
