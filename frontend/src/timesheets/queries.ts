import { graphql } from '../graphql';

export const TimesheetsQuery = graphql(`
  query Timesheets($first: Int!, $after: String, $filters: TimesheetFilter) {
    timesheets(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...TimesheetRow
          submittedAt
          jobOrder {
            id
            client {
              code
            }
          }
        }
      }
    }
  }
`);

export const TimesheetQuery = graphql(`
  query Timesheet($id: ID!) {
    node(id: $id) {
      ... on Timesheet {
        id
        status
        weekStarting
        rejectionReason
        submittedAt
        approvedAt
        jobOrder {
          id
          code
          title
          client {
            code
            name
          }
          payee {
            name
          }
          entity {
            currency
          }
        }
        entries {
          date
          start
          end
          breakMinutes
          overnight
          hours
          payCode
          quantity
        }
        payLines {
          payCode
          quantity
          payRate
          wage
        }
        billLines {
          payCode
          description
          workDate
          quantity
          billRate
          billAmount
          provenance
        }
      }
    }
  }
`);

export const JobOrderForTimesheetQuery = graphql(`
  query JobOrderForTimesheet($code: String!) {
    jobOrders(first: 1, filters: { code: $code }) {
      edges {
        node {
          id
          code
          title
          status
          start
          end
          client {
            name
          }
          payee {
            name
          }
        }
      }
    }
  }
`);
