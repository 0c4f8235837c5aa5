import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { collectErrors } from '../lib/errors';
import { TimesheetList } from '../timesheets/TimesheetList';
import { PortalApproveTimesheetsMutation, PortalRejectTimesheetsMutation } from './mutations';
import { PortalTimesheetsQuery } from './queries';

function PortalTimesheetsList({ status }: { status: string }) {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PortalTimesheetsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters: status === 'ALL' ? undefined : { status } },
  });
  const [, approveMany] = useMutation(PortalApproveTimesheetsMutation);
  const [, rejectMany] = useMutation(PortalRejectTimesheetsMutation);
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
                const r = await approveMany({ ids });
                after();
                return collectErrors(r.error, r.data?.approveTimesheets);
              },
              async reject(ids, reason) {
                const r = await rejectMany({ ids, reason });
                after();
                return collectErrors(r.error, r.data?.rejectTimesheets);
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
