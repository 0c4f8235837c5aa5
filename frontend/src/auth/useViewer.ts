import { useQuery } from 'urql';
import type { ViewerQuery as ViewerQueryResult } from '../graphql';
import { ViewerQuery } from './queries';

export type Viewer = NonNullable<ViewerQueryResult['viewer']>;

export interface ViewerState {
  /** The signed-in user; `null` when signed out; `undefined` while unknown (loading or failed). */
  viewer: Viewer | null | undefined;
  fetching: boolean;
  error: Error | undefined;
  refetch(): void;
  /** Whether the signed-in user holds a permission (`run_billing`, `record_payment`...). */
  can(permission: string): boolean;
}

/** What each permission lets a person do, in words, for the sentences that explain a missing action. */
export const PERMISSION_WORDS: Record<string, string> = {
  run_billing: 'start or retry billing runs (finance or admin role)',
  credit_invoice: 'credit invoices (finance or admin role)',
  record_payment: 'record payments (finance or admin role)',
  import_configuration: 'import the configuration (admin role)',
  manage_agreements: 'change bill agreements (account manager or admin role)',
  manage_job_orders: 'create or change job orders (account manager or admin role)',
  submit_timesheet: 'submit timesheets (account manager, payroll or admin role)',
  approve_timesheet: 'approve or reject timesheets',
  view_pay_details: "see or set workers' bank and tax facts (finance or admin role)",
};

/** Who is signed in. The result is cached by the client, so every caller shares one request. */
export function useViewer(): ViewerState {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerQuery });
  return {
    viewer: data ? data.viewer : undefined,
    fetching,
    error,
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
    can: (permission: string) => (data?.viewer?.permissions ?? []).includes(permission),
  };
}
