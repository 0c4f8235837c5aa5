import { useQuery } from 'urql';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import type { TimesheetFilter } from '../graphql';
import { TimesheetList } from './TimesheetList';
import { TimesheetsQuery } from './queries';
import { useTimesheetActions } from './useTimesheetActions';

/** Staff: timesheets matching `filters`, paginated, with approve and reject on submitted ones. */
export function TimesheetsTable({ filters, label = 'Timesheets', empty }: { filters?: TimesheetFilter; label?: string; empty?: string }) {
  const pager = useCursorPager();
  const actions = useTimesheetActions();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TimesheetsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters },
  });
  return (
    <QueryState
      what="timesheets"
      fetching={fetching}
      error={error}
      data={data}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      isEmpty={(d) => d.timesheets.edges.length === 0}
      empty={empty ?? 'No timesheets match.'}
    >
      {(d) => (
        <>
          <TimesheetList
            rows={d.timesheets.edges.map((e) => e.node)}
            actions={{
              approve: async (ids) => {
                const errors = await actions.approve(ids);
                refetch({ requestPolicy: 'network-only' });
                return errors;
              },
              reject: async (ids, reason) => {
                const errors = await actions.reject(ids, reason);
                refetch({ requestPolicy: 'network-only' });
                return errors;
              },
            }}
            linkTo={(row) => `/timesheets/${encodeURIComponent(row.id)}`}
            label={label}
          />
          <Pager pager={pager} pageInfo={d.timesheets.pageInfo} totalCount={d.timesheets.totalCount} shown={d.timesheets.edges.length} label={label} />
        </>
      )}
    </QueryState>
  );
}
