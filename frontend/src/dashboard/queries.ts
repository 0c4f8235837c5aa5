import { graphql } from '../graphql';

export const ReceivablesFields = graphql(`
  fragment ReceivablesFields on ReceivablesSummary {
    entity
    currency
    asOf
    outstanding
    overdue
    current
    days1To30
    days31To60
    days61To90
    days90Plus
  }
`);

export const ReceivablesQuery = graphql(`
  query Receivables($entity: ID!) {
    receivables(entity: $entity) {
      ...ReceivablesFields
    }
  }
`);

export const MarginFields = graphql(`
  fragment MarginFields on MarginSummary {
    entity
    from
    to
    totals {
      key
      label
      billAmount
      wage
      oncosts
      grossMargin
      marginPercent
    }
    byClient {
      key
      label
      billAmount
      wage
      oncosts
      grossMargin
      marginPercent
    }
  }
`);

export const MarginSummaryQuery = graphql(`
  query MarginSummary($entity: ID) {
    marginSummary(entity: $entity) {
      ...MarginFields
    }
  }
`);

export const DashboardCountsQuery = graphql(`
  query DashboardCounts {
    submitted: timesheets(first: 1, filters: { status: "SUBMITTED" }) {
      totalCount
    }
    overdueInvoices: invoices(first: 1, filters: { overdue: true }) {
      totalCount
    }
    activeJobOrders: jobOrders(first: 1, filters: { status: "ACTIVE" }) {
      totalCount
    }
  }
`);
