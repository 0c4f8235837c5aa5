import { graphql } from '../graphql';

export const AgreementChoicesQuery = graphql(`
  query AgreementChoices($input: DraftJobOrderInput!) {
    billAgreementChoices(input: $input) {
      id
      name
      applies
      reason
    }
    payAgreementChoices(input: $input) {
      id
      name
      applies
      reason
    }
  }
`);

export const DraftRateQuoteQuery = graphql(`
  query DraftRateQuote($input: DraftJobOrderInput!, $date: Date!) {
    draftRateQuote(input: $input, payCode: "ORD", quantity: "38", date: $date) {
      billRate
      billAmount
      payRate
      grossMargin
    }
  }
`);

export const CreateJobOrderMutation = graphql(`
  mutation CreateJobOrder($input: CreateJobOrderInput!) {
    createJobOrder(input: $input) {
      jobOrder {
        id
        code
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateJobOrderMutation = graphql(`
  mutation UpdateJobOrder($id: ID!, $input: UpdateJobOrderInput!) {
    updateJobOrder(id: $id, input: $input) {
      jobOrder {
        id
        code
        title
        start
        end
        division
        poNumber
        path
        payAgreement {
          id
          name
        }
        billAgreement {
          id
          name
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
