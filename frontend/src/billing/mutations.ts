import { graphql } from '../graphql';

export const StartBillingRunMutation = graphql(`
  mutation StartBillingRun($input: StartBillingRunInput!) {
    startBillingRun(input: $input) {
      billingRun {
        id
        status
      }
      errors {
        ...UserErrorFields
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
        ...UserErrorFields
      }
    }
  }
`);
