import { graphql } from '../graphql';

// The client portal's own operations: only what a client may see (no pay rates, wages, oncosts,
// margins or provenance), so nothing confidential is even asked for.

export const PortalInvoicesQuery = graphql(`
  query PortalInvoices($first: Int!, $after: String, $filters: InvoiceFilter) {
    invoices(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...InvoiceRow
        }
      }
    }
  }
`);

export const PortalInvoiceQuery = graphql(`
  query PortalInvoice($id: ID!) {
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
          code
          name
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
            code
            title
          }
        }
      }
    }
  }
`);

export const PortalJobOrdersQuery = graphql(`
  query PortalJobOrders($first: Int!, $after: String, $filters: JobOrderFilter) {
    jobOrders(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          code
          title
          status
          start
          end
          poNumber
          payee {
            name
          }
        }
      }
    }
  }
`);

export const PortalTimesheetsQuery = graphql(`
  query PortalTimesheets($first: Int!, $after: String, $filters: TimesheetFilter) {
    timesheets(first: $first, after: $after, filters: $filters) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...TimesheetRow
        }
      }
    }
  }
`);
