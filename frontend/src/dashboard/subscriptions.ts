import { graphql } from '../graphql';

export const ReceivablesChangedSubscription = graphql(`
  subscription ReceivablesChanged($entity: ID) {
    receivablesChanged(entity: $entity) {
      ...ReceivablesFields
    }
  }
`);

/** Every client's margins after each approval or re-opening (used as a signal to refetch per entity). */
export const MarginChangedSubscription = graphql(`
  subscription MarginChanged {
    marginChanged {
      totals {
        billAmount
        grossMargin
      }
    }
  }
`);

/** The approval queue after every timesheet submitted, approved, rejected or re-opened. */
export const TimesheetsChangedSubscription = graphql(`
  subscription TimesheetsChanged {
    timesheetsChanged {
      awaitingApproval
    }
  }
`);
