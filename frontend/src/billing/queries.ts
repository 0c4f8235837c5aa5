import { graphql } from '../graphql';

export const BillingRunsQuery = graphql(`
  query BillingRuns($first: Int!, $after: String) {
    billingRuns(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
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

/** Entity codes, from the clients (there is no entities query). */
export const EntityCodesQuery = graphql(`
  query EntityCodes {
    clients(first: 100) {
      edges {
        node {
          code
          entity {
            code
            currency
          }
        }
      }
    }
  }
`);
