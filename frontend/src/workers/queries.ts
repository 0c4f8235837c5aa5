import { graphql } from '../graphql';

/** A worker as the form edits it; bank and tax facts only for finance ($payDetails). */
export const WorkerEditQuery = graphql(`
  query WorkerEdit($id: ID!, $payDetails: Boolean!) {
    node(id: $id) {
      ... on Payee {
        id
        code
        name
        kind
        email
        bank @include(if: $payDetails) {
          bsb
          account
          name
        }
        tax @include(if: $payDetails) {
          tfnProvided
          taxFreeThreshold
          foreignResident
        }
        superFund @include(if: $payDetails) {
          name
          usi
          memberNumber
        }
        abn @include(if: $payDetails)
        gstRegistered @include(if: $payDetails)
      }
    }
  }
`);

export const CreatePayeeMutation = graphql(`
  mutation CreatePayee($input: PayeeInput!) {
    createPayee(input: $input) {
      payee {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdatePayeeMutation = graphql(`
  mutation UpdatePayee($id: ID!, $input: PayeeInput!) {
    updatePayee(id: $id, input: $input) {
      payee {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
