import { graphql } from '../graphql';

export const BillingRunProgressSubscription = graphql(`
  subscription BillingRunProgress($id: ID!) {
    billingRunProgress(id: $id) {
      ...BillingRunFields
    }
  }
`);
