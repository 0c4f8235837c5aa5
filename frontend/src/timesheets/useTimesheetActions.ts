import { useMutation } from 'urql';
import { collectErrors } from '../lib/errors';
import type { TimesheetActions } from './TimesheetList';
import { ApproveTimesheetsMutation, RejectTimesheetsMutation } from './mutations';

/** Approve or reject the chosen timesheets in one call each: all or nothing, errors by `ids[i]`. */
export function useTimesheetActions(): TimesheetActions {
  const [, approveMany] = useMutation(ApproveTimesheetsMutation);
  const [, rejectMany] = useMutation(RejectTimesheetsMutation);
  return {
    async approve(ids) {
      const result = await approveMany({ ids });
      return collectErrors(result.error, result.data?.approveTimesheets);
    },
    async reject(ids, reason) {
      const result = await rejectMany({ ids, reason });
      return collectErrors(result.error, result.data?.rejectTimesheets);
    },
  };
}
