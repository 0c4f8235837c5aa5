import { graphql } from '../graphql';

export const InvoicesQuery = graphql(`
  query Invoices($first: Int!, $after: String, $filters: InvoiceFilter) {
    invoices(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...InvoiceRow
          entity {
            code
          }
        }
      }
    }
  }
`);

export const InvoiceQuery = graphql(`
  query Invoice($id: ID!) {
    node(id: $id) {
      ... on Invoice {
        id
        number
        status
        issueDate
        dueDate
        currency
        taxRate
        subtotal
        taxTotal
        total
        amountPaid
        amountCredited
        amountDue
        pdfUrl
        client {
          id
          code
          name
        }
        entity {
          code
          name
        }
        rebillOf {
          id
          number
        }
        lines {
          id
          position
          description
          payCode
          quantity
          unitPrice
          amount
          jobOrder {
            id
            code
            title
          }
          timesheet {
            id
            weekStarting
            status
          }
          billLine {
            provenance
          }
        }
        creditNotes {
          id
          number
          issueDate
          reason
          total
          pdfUrl
          reopened
        }
        rebilledBy {
          id
          number
        }
        allocations {
          id
          amount
          allocatedOn
          receipt {
            id
            reference
            status
          }
        }
      }
    }
  }
`);
