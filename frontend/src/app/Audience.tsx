import type { ReactNode } from 'react';
import { useViewer } from '../auth/useViewer';

/** Staff see `staff`; client-portal users (viewer.client set) see `portal`, or nothing. */
export function Audience({ staff, portal = null }: { staff: ReactNode; portal?: ReactNode }) {
  const { viewer } = useViewer();
  if (!viewer) return null;
  return <>{viewer.client ? portal : staff}</>;
}
