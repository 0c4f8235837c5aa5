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

export const ExtendJobOrderMutation = graphql(`
  mutation ExtendJobOrder($jobOrder: ID!, $end: Date) {
    extendJobOrder(jobOrder: $jobOrder, end: $end) {
      jobOrder {
        id
        end
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const EndJobOrderMutation = graphql(`
  mutation EndJobOrder($jobOrder: ID!, $end: Date!) {
    endJobOrder(jobOrder: $jobOrder, end: $end) {
      jobOrder {
        id
        end
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ReplaceJobOrderMutation = graphql(`
  mutation ReplaceJobOrder($jobOrder: ID!, $payee: ID!, $code: String!, $on: Date!) {
    replaceJobOrder(jobOrder: $jobOrder, payee: $payee, code: $code, on: $on) {
      jobOrder {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
