import { graphql } from '../graphql';

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      viewer {
        username
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      ok
      errors {
        ...UserErrorFields
      }
    }
  }
`);
