import { graphql } from '../graphql';

export const AssignBillAgreementMutation = graphql(`
  mutation AssignBillAgreement($jobOrder: ID!, $billAgreement: ID!) {
    assignBillAgreement(jobOrder: $jobOrder, billAgreement: $billAgreement) {
      jobOrder {
        id
        billAgreement {
          id
          name
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const TransitionJobOrderMutation = graphql(`
  mutation TransitionJobOrder($jobOrder: ID!, $status: String!) {
    transitionJobOrder(jobOrder: $jobOrder, status: $status) {
      jobOrder {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
