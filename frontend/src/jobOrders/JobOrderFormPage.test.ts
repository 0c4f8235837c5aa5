import { describe, expect, it } from 'vitest';
import { updateInput, type Values } from './JobOrderFormPage';

const before: Values = {
  code: 'JO-1',
  client: 'ACME',
  payee: 'P001',
  title: 'Picker',
  start: '2025-07-07',
  end: '2025-12-31',
  state: 'NSW',
  poNumber: '',
  division: '',
  payAgreement: 'Award',
  billAgreement: 'Standard AU',
};
const path = { country: 'AU', brand: 'KS', state: 'NSW', client: 'ACME', cost_centre: 'CC10', payee: 'P001', job_order: 'JO-1' };

describe('updateInput', () => {
  it('sends only what changed', () => {
    expect(updateInput(before, { ...before, title: 'Forklift driver', poNumber: 'PO-9' }, path)).toEqual({ title: 'Forklift driver', poNumber: 'PO-9' });
    expect(updateInput(before, before, path)).toEqual({});
  });
  it('an emptied end is sent as null (open-ended)', () => {
    expect(updateInput(before, { ...before, end: '' }, path)).toEqual({ end: null });
  });
  it('a new state keeps the other levels it owns and drops the derived ones', () => {
    expect(updateInput(before, { ...before, state: 'VIC' }, path)).toEqual({ path: { cost_centre: 'CC10', state: 'VIC' } });
    expect(updateInput(before, { ...before, state: '' }, path)).toEqual({ path: { cost_centre: 'CC10' } });
  });
});
