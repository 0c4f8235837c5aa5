import { graphql } from '../graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      username
      roles
      isStaff
      permissions
      client {
        code
        name
      }
      payee {
        code
        name
        kind
      }
    }
  }
`);
