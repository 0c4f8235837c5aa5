import { graphql } from '../graphql';

/** A receipt's unapplied cash and where the rest went (the list and allocating later share it). */
export const ReceiptAllocationFieldsFragment = graphql(`
  fragment ReceiptAllocationFields on Receipt {
    unapplied
    allocations {
      id
      amount
      invoice {
        id
        number
      }
    }
  }
`);

export const ReceiptsQuery = graphql(`
  query Receipts($first: Int, $filters: ReceiptFilter) {
    receipts(first: $first, filters: $filters) {
      totalCount
      edges {
        node {
          id
          amount
          refunded
          receivedOn
          reference
          status
          client {
            code
          }
          entity {
            code
            currency
          }
          ...ReceiptAllocationFields
        }
      }
    }
  }
`);

export const RecordReceiptMutation = graphql(`
  mutation RecordReceipt($input: RecordReceiptInput!) {
    recordReceipt(input: $input) {
      receipt {
        id
        amount
        unapplied
        allocations {
          invoice {
            number
          }
          amount
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ReverseReceiptMutation = graphql(`
  mutation ReverseReceipt($input: ReverseReceiptInput!) {
    reverseReceipt(input: $input) {
      receipt {
        id
        status
        unapplied
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const BankStatementsQuery = graphql(`
  query BankStatements {
    bankStatements(first: 5) {
      edges {
        node {
          id
          filename
          format
          account
          importedAt
          entity {
            code
            currency
          }
          lines {
            id
            position
            date
            amount
            reference
            payer
            text
            status
            receipt {
              id
            }
            suggestions {
              reason
              unapplied
              client {
                id
                code
              }
              allocations {
                amount
                invoice {
                  id
                  number
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const ImportBankStatementMutation = graphql(`
  mutation ImportBankStatement($entity: ID!, $filename: String!, $content: String!) {
    importBankStatement(entity: $entity, filename: $filename, content: $content) {
      bankStatement {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ConfirmStatementLineMutation = graphql(`
  mutation ConfirmStatementLine($input: ConfirmStatementLineInput!) {
    confirmStatementLine(input: $input) {
      line {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const IgnoreStatementLineMutation = graphql(`
  mutation IgnoreStatementLine($line: ID!) {
    ignoreStatementLine(line: $line) {
      line {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const BooksQuery = graphql(`
  query Books($entity: ID!, $asOf: Date!, $from: Date!) {
    trialBalance(entity: $entity, asOf: $asOf) {
      asOf
      currency
      debitTotal
      creditTotal
      rows {
        account {
          code
          name
        }
        debit
        credit
      }
    }
    profitAndLoss(entity: $entity, from: $from, to: $asOf) {
      currency
      revenue {
        code
        name
        amount
      }
      expenses {
        code
        name
        amount
      }
      totalRevenue
      totalExpenses
      netProfit
    }
    balanceSheet(entity: $entity, asOf: $asOf) {
      currency
      assets {
        code
        name
        amount
      }
      liabilities {
        code
        name
        amount
      }
      equity {
        code
        name
        amount
      }
      totalAssets
      totalLiabilities
      totalEquity
    }
    periodLocks {
      through
      entity {
        code
      }
    }
  }
`);

/** A period lock as the lock and unlock answers show it. */
export const PeriodLockFieldsFragment = graphql(`
  fragment PeriodLockFields on PeriodLock {
    through
    entity {
      code
    }
  }
`);

export const LockPeriodMutation = graphql(`
  mutation LockPeriod($entity: ID!, $through: Date!) {
    lockPeriod(entity: $entity, through: $through) {
      periodLock {
        ...PeriodLockFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ConsolidationQuery = graphql(`
  query Consolidation($asOf: Date!, $from: Date, $translation: String! = "CLOSING") {
    consolidation(asOf: $asOf, from: $from, translation: $translation) {
      currency
      asOf
      translation
      translationReserve
      entities {
        code
        currency
        rate
        averageRate
      }
      debitTotal
      creditTotal
      eliminated
      profitAndLoss {
        totalRevenue
        totalExpenses
        netProfit
      }
      balanceSheet {
        totalAssets
        totalLiabilities
        totalEquity
      }
    }
  }
`);

export const UnlockPeriodMutation = graphql(`
  mutation UnlockPeriod($entity: ID!, $reason: String!, $through: Date) {
    unlockPeriod(entity: $entity, reason: $reason, through: $through) {
      periodLock {
        ...PeriodLockFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ManualJournalsQuery = graphql(`
  query ManualJournals($entity: ID!, $filters: JournalFilter) {
    accountBalances(entity: $entity) {
      account {
        code
        name
        kind
      }
    }
    journals(first: 10, filters: $filters) {
      edges {
        node {
          id
          date
          memo
          createdBy
          entity {
            code
            currency
          }
          lines {
            debit
            credit
            account {
              code
              name
            }
          }
        }
      }
    }
  }
`);

export const PostJournalMutation = graphql(`
  mutation PostJournal($input: PostJournalInput!) {
    postJournal(input: $input) {
      journal {
        id
        date
        memo
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const FxRatesQuery = graphql(`
  query FxRates {
    fxRates {
      date
      base
      quote
      rate
      source
    }
  }
`);

export const SetFxRatesMutation = graphql(`
  mutation SetFxRates($rates: [FxRateInput!]) {
    setFxRates(rates: $rates) {
      rates {
        date
        base
        quote
        rate
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const AllocateReceiptMutation = graphql(`
  mutation AllocateReceipt($input: AllocateReceiptInput!) {
    allocateReceipt(input: $input) {
      receipt {
        id
        ...ReceiptAllocationFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RefundReceiptMutation = graphql(`
  mutation RefundReceipt($input: RefundReceiptInput!) {
    refundReceipt(input: $input) {
      receipt {
        id
        unapplied
        refunded
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
