import { graphql } from '../graphql';

export const PortalApproveTimesheetsMutation = graphql(`
  mutation PortalApproveTimesheets($ids: [ID!]!) {
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

export const PortalRejectTimesheetsMutation = graphql(`
  mutation PortalRejectTimesheets($ids: [ID!]!, $reason: String!) {
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
