import { useMutation } from 'urql';
import { collectErrors, type UserError } from '../lib/errors';
import type { TimesheetActions } from './TimesheetList';
import { ApproveTimesheetMutation, RejectTimesheetMutation } from './mutations';

/** Approve or reject timesheets one by one (there is no bulk mutation); errors are gathered. */
export function useTimesheetActions(): TimesheetActions {
  const [, approveOne] = useMutation(ApproveTimesheetMutation);
  const [, rejectOne] = useMutation(RejectTimesheetMutation);
  return {
    async approve(ids) {
      const errors: UserError[] = [];
      for (const id of ids) {
        const result = await approveOne({ id });
        errors.push(...collectErrors(result.error, result.data?.approveTimesheet));
      }
      return errors;
    },
    async reject(ids, reason) {
      const errors: UserError[] = [];
      for (const id of ids) {
        const result = await rejectOne({ id, reason });
        errors.push(...collectErrors(result.error, result.data?.rejectTimesheet));
      }
      return errors;
    },
  };
}
