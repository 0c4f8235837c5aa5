import { graphql } from '../graphql';

export const PingMutation = graphql(`
  mutation Ping($message: String!) {
    ping(message: $message) {
      ok
      errors {
        ...UserErrorFields
      }
    }
  }
`);
