import { describe, expect, it } from 'vitest';
import type { PayRunFieldsFragment } from '../graphql';
import { newerPayRun } from './PayRunPage';

const run = (status: string, progress: number) => ({ status, progress }) as PayRunFieldsFragment;

describe('newerPayRun', () => {
  it('keeps a finished state over a late progress event', () => {
    expect(newerPayRun(run('COMPLETED', 1), run('RUNNING', 0.5))?.status).toBe('COMPLETED');
    expect(newerPayRun(run('RUNNING', 0.5), run('COMPLETED', 1))?.status).toBe('COMPLETED');
  });
  it('keeps the larger progress while running', () => {
    expect(newerPayRun(run('RUNNING', 0.7), run('RUNNING', 0.4))?.progress).toBe(0.7);
    expect(newerPayRun(null, run('QUEUED', 0))?.status).toBe('QUEUED');
  });
});
