import { graphql } from './generated';

// Selections many documents share. GraphQL Code Generator resolves a fragment by name and adds its
// definition to every generated document that spreads it, so a document just writes
// `...UserErrorFields`; nothing needs importing.

/** Every mutation payload's `errors: [UserError!]!` (docs/api.md). */
export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    code
    message
  }
`);

/** What the pager needs of a connection's `pageInfo`. */
export const PageInfoFieldsFragment = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** An invoice in a list (staff and portal): nothing confidential. */
export const InvoiceRowFragment = graphql(`
  fragment InvoiceRow on Invoice {
    id
    number
    status
    issueDate
    dueDate
    currency
    total
    amountDue
    client {
      code
      name
    }
  }
`);

/** A timesheet in a list (staff and portal): its week, state and entries; no pay or bill lines. */
export const TimesheetRowFragment = graphql(`
  fragment TimesheetRow on Timesheet {
    id
    status
    weekStarting
    rejectionReason
    jobOrder {
      code
      title
      client {
        name
      }
      payee {
        name
      }
    }
    entries {
      hours
      start
      end
      breakMinutes
      payCode
      quantity
    }
  }
`);
