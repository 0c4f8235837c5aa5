import type { PayeeInput } from '../graphql';

export interface WorkerValues {
  code: string;
  name: string;
  kind: 'EMPLOYEE' | 'CONTRACTOR';
  email: string;
  bsb: string;
  account: string;
  accountName: string;
  /** Employees: whether a TFN declaration is on file (its answers below). */
  declaration: boolean;
  tfnProvided: boolean;
  taxFreeThreshold: boolean;
  foreignResident: boolean;
  fundName: string;
  fundUsi: string;
  fundMember: string;
  abn: string;
  gstRegistered: boolean;
}

export const EMPTY_WORKER: WorkerValues = {
  code: '',
  name: '',
  kind: 'EMPLOYEE',
  email: '',
  bsb: '',
  account: '',
  accountName: '',
  declaration: false,
  tfnProvided: false,
  taxFreeThreshold: false,
  foreignResident: false,
  fundName: '',
  fundUsi: '',
  fundMember: '',
  abn: '',
  gstRegistered: false,
};

const filled = (...values: string[]) => values.some((v) => v.trim() !== '');

/**
 * What createPayee/updatePayee take. Bank and tax facts only when the viewer may set them
 * (finance): the server refuses them to anyone else. A group left empty is left out (kept as it is).
 */
export function payeeInput(values: WorkerValues, { payDetails }: { payDetails: boolean }): PayeeInput {
  const input: PayeeInput = { code: values.code.trim(), name: values.name.trim(), kind: values.kind, email: values.email.trim() };
  if (!payDetails) return input;
  if (filled(values.bsb, values.account, values.accountName)) input.bank = { bsb: values.bsb.trim(), account: values.account.trim(), name: values.accountName.trim() };
  if (values.kind === 'EMPLOYEE') {
    if (values.declaration) input.tax = { tfnProvided: values.tfnProvided, taxFreeThreshold: values.taxFreeThreshold, foreignResident: values.foreignResident };
    if (filled(values.fundName, values.fundUsi, values.fundMember)) input.superFund = { name: values.fundName.trim(), usi: values.fundUsi.trim(), memberNumber: values.fundMember.trim() };
  } else {
    input.abn = values.abn.trim();
    input.gstRegistered = values.gstRegistered;
  }
  return input;
}
