import { graphql } from '../graphql';

export const PingsSubscription = graphql(`
  subscription Pings {
    pings {
      message
      at
    }
  }
`);
