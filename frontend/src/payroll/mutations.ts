import { graphql } from '../graphql';

export const StartPayRunMutation = graphql(`
  mutation StartPayRun($input: StartPayRunInput!) {
    startPayRun(input: $input) {
      payRun {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const MarkPayRunPaidMutation = graphql(`
  mutation MarkPayRunPaid($id: ID!) {
    markPayRunPaid(id: $id) {
      payRun {
        ...PayRunFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RetryPayRunMutation = graphql(`
  mutation RetryPayRun($id: ID!) {
    retryPayRun(id: $id) {
      payRun {
        ...PayRunFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RecordPayrollRemittanceMutation = graphql(`
  mutation RecordPayrollRemittance($input: RecordPayrollRemittanceInput!) {
    recordPayrollRemittance(input: $input) {
      remittance {
        kind
        payDate
        amount
        outstanding
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
