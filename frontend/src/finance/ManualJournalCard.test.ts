import { describe, expect, it } from 'vitest';
import { journalProblems } from './ManualJournalCard';

describe('journalProblems', () => {
  it('names each line field that is wrong', () => {
    const found = journalProblems('', [
      { account: '', debit: '10.005', credit: '' },
      { account: '1000', debit: '5', credit: '5' },
    ]);
    expect(found.map((e) => e.field)).toEqual(['reason', 'lines[0].account', 'lines[0].debit', 'lines[1].debit']);
  });

  it('passes a journal with a reason and one side per line', () => {
    expect(journalProblems('Accrual', [
      { account: '6000', debit: '250.00', credit: '' },
      { account: '1000', debit: '', credit: '250' },
    ])).toEqual([]);
  });
});
