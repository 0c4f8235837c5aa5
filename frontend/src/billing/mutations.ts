import { graphql } from '../graphql';

export const StartBillingRunMutation = graphql(`
  mutation StartBillingRun($input: StartBillingRunInput!) {
    startBillingRun(input: $input) {
      billingRun {
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

export const RetryBillingRunMutation = graphql(`
  mutation RetryBillingRun($id: ID!) {
    retryBillingRun(id: $id) {
      billingRun {
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
