import { describe, expect, it } from 'vitest';
import { EMPTY_WORKER, payeeInput } from './payeeInput';

const jane = { ...EMPTY_WORKER, code: ' P9 ', name: 'Jane Citizen', email: 'jane@example.com' };

describe('payeeInput', () => {
  it('without pay details permission sends name and contact only', () => {
    expect(payeeInput({ ...jane, bsb: '062-000', declaration: true }, { payDetails: false })).toEqual({ code: 'P9', name: 'Jane Citizen', kind: 'EMPLOYEE', email: 'jane@example.com' });
  });
  it('an employee: bank, the TFN declaration answers and the fund; no ABN', () => {
    const input = payeeInput(
      { ...jane, bsb: '062-000', account: '12345678', accountName: 'J CITIZEN', declaration: true, tfnProvided: true, taxFreeThreshold: true, fundName: 'Aus Super', fundUsi: 'STA0100AU', fundMember: '123', abn: '51 824 753 556' },
      { payDetails: true },
    );
    expect(input).toEqual({
      code: 'P9',
      name: 'Jane Citizen',
      kind: 'EMPLOYEE',
      email: 'jane@example.com',
      bank: { bsb: '062-000', account: '12345678', name: 'J CITIZEN' },
      tax: { tfnProvided: true, taxFreeThreshold: true, foreignResident: false },
      superFund: { name: 'Aus Super', usi: 'STA0100AU', memberNumber: '123' },
    });
  });
  it('empty groups are left out; a contractor sends ABN and GST, never a declaration', () => {
    expect(payeeInput(jane, { payDetails: true })).toEqual({ code: 'P9', name: 'Jane Citizen', kind: 'EMPLOYEE', email: 'jane@example.com' });
    const contractor = payeeInput({ ...jane, kind: 'CONTRACTOR', declaration: true, abn: '51 824 753 556', gstRegistered: true }, { payDetails: true });
    expect(contractor).toEqual({ code: 'P9', name: 'Jane Citizen', kind: 'CONTRACTOR', email: 'jane@example.com', abn: '51 824 753 556', gstRegistered: true });
  });
});
