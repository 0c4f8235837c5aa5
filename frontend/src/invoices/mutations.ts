import { graphql } from '../graphql';

export const CreditInvoiceMutation = graphql(`
  mutation CreditInvoice($input: CreditInvoiceInput!) {
    creditInvoice(input: $input) {
      creditNote {
        id
        number
        total
      }
      invoice {
        id
        status
        amountCredited
        amountDue
      }
      rebill {
        id
        number
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const RecordPaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      receipt {
        id
        amount
      }
      invoice {
        id
        status
        amountPaid
        amountDue
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SendDocumentMutation = graphql(`
  mutation SendDocument($input: SendDocumentInput!) {
    sendDocument(input: $input) {
      delivery {
        id
        status
        recipients
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
