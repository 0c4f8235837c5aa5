import { useViewer } from '../auth/useViewer';

/** Roles that may add and change workers (crm.add_payee / crm.change_payee; docs/security.md). */
const WORKER_ROLES = ['admin', 'account_manager', 'finance'];

/** Whether the viewer may add or change workers, and set their bank and tax facts (finance). */
export function useWorkerAccess(): { mayEdit: boolean; payDetails: boolean } {
  const { viewer, can } = useViewer();
  return { mayEdit: (viewer?.roles ?? []).some((r) => WORKER_ROLES.includes(r)), payDetails: can('view_pay_details') };
}
