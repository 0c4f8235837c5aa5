import { graphql } from '../graphql';

export const BillingRunsQuery = graphql(`
  query BillingRuns($first: Int!, $after: String) {
    billingRuns(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          status
          progress
          invoiceCount
          lineCount
          total
          periodEnd
          issueDate
          clients
          createdAt
          entity {
            code
            currency
          }
        }
      }
    }
  }
`);

export const BillingRunQuery = graphql(`
  query BillingRun($id: ID!) {
    node(id: $id) {
      ... on BillingRun {
        ...BillingRunFields
      }
    }
  }
`);

export const BillingRunFields = graphql(`
  fragment BillingRunFields on BillingRun {
    id
    status
    progress
    invoiceCount
    lineCount
    plannedLines
    total
    periodEnd
    issueDate
    clients
    attempts
    failureReason
    createdAt
    startedAt
    finishedAt
    entity {
      code
      name
      currency
    }
  }
`);

/** The entities that issue invoices: their codes and currencies. */
export const EntitiesQuery = graphql(`
  query Entities {
    entities {
      code
      currency
    }
  }
`);

/** Client codes to suggest in the run form (the first 100; any code can be typed). */
export const ClientCodesQuery = graphql(`
  query ClientCodes {
    clients(first: 100) {
      edges {
        node {
          code
          entity {
            code
          }
        }
      }
    }
  }
`);
