import type { ReactNode } from 'react';
import { useViewer } from '../auth/useViewer';
import { NotFoundPage } from './NotFoundPage';

/** Staff see `staff`; client-portal users (viewer.client set) see `portal`, or nothing; workers
 * (viewer.payee set, not staff: the worker portal) see `worker`, or "not found". */
export function Audience({ staff, portal = null, worker = <NotFoundPage /> }: { staff: ReactNode; portal?: ReactNode; worker?: ReactNode }) {
  const { viewer } = useViewer();
  if (!viewer) return null;
  if (isWorker(viewer)) return <>{worker}</>;
  return <>{viewer.client ? portal : staff}</>;
}

/** A worker-portal user: linked to a payee and not agency staff. */
export function isWorker(viewer: { isStaff: boolean; payee?: { code: string } | null }): boolean {
  return !viewer.isStaff && !!viewer.payee;
}
