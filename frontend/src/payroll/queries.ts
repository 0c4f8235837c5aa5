import { graphql } from '../graphql';

export const PayRunFields = graphql(`
  fragment PayRunFields on PayRun {
    id
    status
    progress
    periodEnd
    payDate
    frequency
    paymentCount
    lineCount
    plannedLines
    grossTotal
    total
    failureReason
    paidAt
    createdAt
    entity {
      code
      name
      currency
    }
  }
`);

export const PayRunsQuery = graphql(`
  query PayRuns($first: Int!, $after: String) {
    payRuns(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...PayRunFields
        }
      }
    }
  }
`);

export const PayRunQuery = graphql(`
  query PayRun($id: ID!) {
    node(id: $id) {
      ... on PayRun {
        ...PayRunFields
      }
    }
  }
`);

/** Payslips and RCTIs of a run (finance staff; others get an error, shown as such). */
export const PayRunPaymentsQuery = graphql(`
  query PayRunPayments($id: ID!) {
    node(id: $id) {
      ... on PayRun {
        id
        payments {
          kind
          number
          payee {
            code
            name
          }
          gross
          withholding
          superannuation
          gst
          net
          scale
          pdfUrl
        }
      }
    }
  }
`);

export const PayRunAbaQuery = graphql(`
  query PayRunAba($id: ID!) {
    node(id: $id) {
      ... on PayRun {
        id
        abaFile
      }
    }
  }
`);

export const PayablesQuery = graphql(`
  query Payables($entity: ID!) {
    payables(entity: $entity) {
      kind
      payee {
        code
        name
      }
      counterparty
      dueDate
      amount
      payDate
      paid
      fundUsi
    }
  }
`);

export const PayeesQuery = graphql(`
  query Payees($first: Int!, $after: String, $filters: PayeeFilter) {
    payees(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          code
          name
          kind
        }
      }
    }
  }
`);

/** A worker's bank and tax facts (finance staff only: anyone else gets an error, shown in words). */
export const PayeeDetailsQuery = graphql(`
  query PayeeDetails($id: ID!) {
    node(id: $id) {
      ... on Payee {
        id
        code
        name
        kind
        email
        bank {
          bsb
          accountMasked
          name
        }
        tax {
          tfnProvided
          taxFreeThreshold
          foreignResident
        }
        superFund {
          name
          usi
          memberNumber
        }
        abn
        gstRegistered
      }
    }
  }
`);
