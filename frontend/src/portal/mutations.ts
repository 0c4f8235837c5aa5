import { graphql } from '../graphql';

export const PortalApproveTimesheetMutation = graphql(`
  mutation PortalApproveTimesheet($id: ID!) {
    approveTimesheet(id: $id) {
      timesheet {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const PortalRejectTimesheetMutation = graphql(`
  mutation PortalRejectTimesheet($id: ID!, $reason: String!) {
    rejectTimesheet(id: $id, reason: $reason) {
      timesheet {
        id
        status
        rejectionReason
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
