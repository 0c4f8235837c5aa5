import { graphql } from '../graphql';

export const DimensionMarginFields = graphql(`
  fragment DimensionMarginFields on DimensionMargin {
    key
    label
    billAmount
    credits
    revenue
    wage
    oncosts
    grossMargin
    grossMarginPercent
    overhead
    netMargin
    netMarginPercent
    hours
    placements
  }
`);

export const MarginByQuery = graphql(`
  query MarginBy($dimension: MarginDimension!, $from: Date!, $to: Date!, $entity: ID) {
    marginBy(dimension: $dimension, from: $from, to: $to, entity: $entity) {
      from
      to
      unallocatedOverhead
      totals {
        ...DimensionMarginFields
      }
      rows {
        ...DimensionMarginFields
      }
    }
  }
`);

export const MarginByChangedSubscription = graphql(`
  subscription MarginByChanged($dimension: MarginDimension!, $from: Date!, $to: Date!, $entity: ID) {
    marginByChanged(dimension: $dimension, from: $from, to: $to, entity: $entity) {
      totals {
        grossMargin
      }
    }
  }
`);

export const MarginTrendQuery = graphql(`
  query MarginTrend($weeks: Int!, $entity: ID) {
    marginTrend(weeks: $weeks, entity: $entity) {
      weekEnding
      figures {
        revenue
        grossMargin
        netMargin
      }
    }
  }
`);

export const CashFlowQuery = graphql(`
  query CashFlow($entity: ID, $group: Boolean!, $openingBalance: Decimal, $scenario: CashFlowScenarioInput) {
    cashFlow(entity: $entity, group: $group, openingBalance: $openingBalance, scenario: $scenario) {
      entity
      currency
      asOf
      openingBalance
      lowestBalance
      lowestWeek
      gapWeek
      receiptsLater
      weeks {
        weekStarting
        opening
        receipts
        invoiceReceipts
        unbilledReceipts
        projectedReceipts
        netPay
        payg
        superannuation
        payrollTax
        oncosts
        gst
        payments
        net
        closing
        items {
          date
          kind
          amount
          incoming
          reference
          client
        }
      }
    }
  }
`);

export const CashFlowChangedSubscription = graphql(`
  subscription CashFlowChanged($entity: ID) {
    cashFlowChanged(entity: $entity) {
      lowestBalance
    }
  }
`);

export const LatePayerFields = graphql(`
  fragment LatePayerFields on LatePayer {
    client
    name
    paymentTermsDays
    recentReceipts
    recentDaysToPay
    drift
    late
    outstanding
    overdue
    dso
  }
`);

export const LatePayersQuery = graphql(`
  query LatePayers($entity: ID) {
    latePayers(entity: $entity) {
      ...LatePayerFields
    }
  }
`);

export const AgeingInvoicesQuery = graphql(`
  query AgeingInvoices($client: ID!) {
    ageingInvoices(client: $client) {
      number
      issueDate
      dueDate
      total
      amountDue
      daysOverdue
      bucket
    }
  }
`);

export const PeopleQuery = graphql(`
  query People($from: Date!, $to: Date!) {
    consultantPerformance(from: $from, to: $to) {
      consultant
      activePlacements
      figures {
        ...DimensionMarginFields
      }
    }
    workerUtilisation(from: $from, to: $to) {
      payee
      name
      hoursWorked
      hoursAvailable
      percent
    }
    redeployment {
      jobOrder
      title
      client
      payeeName
      consultant
      end
    }
  }
`);

export const MorningDashboardQuery = graphql(`
  query MorningDashboard($mine: Boolean!) {
    morningDashboard(mine: $mine) {
      timesheetsToApprove
      unreadNotifications
      placementsEnding {
        jobOrder
        title
        client
        payeeName
        end
      }
      overdueClients {
        ...LatePayerFields
      }
      marginAlerts {
        jobOrder
        client
        weekEnding
        grossMarginPercent
      }
    }
    notifications(unreadOnly: true) {
      id
      message
      createdAt
    }
  }
`);

export const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      message
    }
  }
`);

export const NotificationReadMutation = graphql(`
  mutation NotificationRead($id: ID!) {
    notificationRead(id: $id) {
      notification {
        id
        read
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const AccountPerformanceQuery = graphql(`
  query AccountPerformance($client: ID!) {
    accountPerformance(client: $client) {
      client
      from
      to
      openJobOrders
      timesheetsAwaitingApproval
      figures {
        ...DimensionMarginFields
      }
      payment {
        ...LatePayerFields
      }
      dsoTrend {
        date
        dso
      }
    }
  }
`);
