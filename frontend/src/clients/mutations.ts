import { graphql } from '../graphql';

export const CreateClientMutation = graphql(`
  mutation CreateClient($input: ClientInput!) {
    createClient(input: $input) {
      client {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateClientMutation = graphql(`
  mutation UpdateClient($id: ID!, $input: ClientInput!) {
    updateClient(id: $id, input: $input) {
      client {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const CreateContactMutation = graphql(`
  mutation CreateContact($input: ContactInput!) {
    createContact(input: $input) {
      contact {
        id
        name
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ClientEditQuery = graphql(`
  query ClientEdit($id: ID!) {
    node(id: $id) {
      ... on Client {
        id
        code
        name
        abn
        streetAddress
        billingAddress
        paymentTermsDays
        invoiceGrouping
        billingCycle
        billingCloseDay
        poRequired
        creditLimit
        status
        entity {
          code
        }
      }
    }
  }
`);

export const ClientContactsQuery = graphql(`
  query ClientContacts($id: ID!) {
    node(id: $id) {
      ... on Client {
        id
        code
        contacts(first: 100) {
          edges {
            node {
              id
              name
              role
              email
              phone
              billing
              approver
            }
          }
        }
      }
    }
  }
`);
