import { graphql } from '../graphql';

export const ClientsQuery = graphql(`
  query Clients($first: Int!, $after: String, $filters: ClientFilter) {
    clients(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          code
          name
          paymentTermsDays
          invoiceGrouping
          entity {
            code
            currency
          }
        }
      }
    }
  }
`);

export const ClientQuery = graphql(`
  query Client($id: ID!) {
    node(id: $id) {
      ... on Client {
        id
        code
        name
        paymentTermsDays
        invoiceGrouping
        status
        billingCycle
        entity {
          id
          code
          name
          currency
        }
      }
    }
  }
`);
