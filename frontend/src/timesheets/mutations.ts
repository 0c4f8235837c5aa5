import { graphql } from '../graphql';

export const SubmitTimesheetMutation = graphql(`
  mutation SubmitTimesheet($input: SubmitTimesheetInput!) {
    submitTimesheet(input: $input) {
      timesheet {
        id
        status
        weekStarting
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ApproveTimesheetMutation = graphql(`
  mutation ApproveTimesheet($id: ID!) {
    approveTimesheet(id: $id) {
      timesheet {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RejectTimesheetMutation = graphql(`
  mutation RejectTimesheet($id: ID!, $reason: String!) {
    rejectTimesheet(id: $id, reason: $reason) {
      timesheet {
        id
        status
        rejectionReason
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ApproveTimesheetsMutation = graphql(`
  mutation ApproveTimesheets($ids: [ID!]!) {
    approveTimesheets(ids: $ids) {
      timesheets {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RejectTimesheetsMutation = graphql(`
  mutation RejectTimesheets($ids: [ID!]!, $reason: String!) {
    rejectTimesheets(ids: $ids, reason: $reason) {
      timesheets {
        id
        status
        rejectionReason
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ReopenTimesheetMutation = graphql(`
  mutation ReopenTimesheet($id: ID!) {
    reopenTimesheet(id: $id) {
      timesheet {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const LastWeekQuery = graphql(`
  query LastWeek($filters: TimesheetFilter) {
    timesheets(first: 1, filters: $filters) {
      edges {
        node {
          id
          entries {
            date
            start
            end
            breakMinutes
            hours
            payCode
            quantity
          }
        }
      }
    }
  }
`);
