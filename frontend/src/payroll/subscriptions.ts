import { graphql } from '../graphql';

export const PayRunProgressSubscription = graphql(`
  subscription PayRunProgress($id: ID!) {
    payRunProgress(id: $id) {
      ...PayRunFields
    }
  }
`);
