import { graphql } from '../graphql';

// The worker portal's own operations: the signed-in worker's timesheets and payslips or RCTIs,
// through `myTimesheets` and `myPayslips` (the server scopes both to the worker).

export const WorkerTimesheetsQuery = graphql(`
  query WorkerTimesheets($first: Int!, $after: String, $filters: WorkerTimesheetFilter) {
    myTimesheets(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          status
          weekStarting
          rejectionReason
          jobOrder {
            code
            title
            clientName
          }
          payLines {
            payCode
            quantity
            amount
          }
        }
      }
    }
  }
`);

export const WorkerPayslipsQuery = graphql(`
  query WorkerPayslips($first: Int!, $after: String) {
    myPayslips(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          kind
          number
          periodEnd
          payDate
          gross
          withholding
          superannuation
          gst
          net
          superFundName
          pdfUrl
        }
      }
    }
  }
`);
