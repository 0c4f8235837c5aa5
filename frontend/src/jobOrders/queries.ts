import { graphql } from '../graphql';

export const JobOrdersQuery = graphql(`
  query JobOrders($first: Int!, $after: String, $filters: JobOrderFilter) {
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
          division
          client {
            code
            name
          }
          payee {
            code
            name
          }
          billAgreement {
            id
            name
          }
        }
      }
    }
  }
`);

export const JobOrderQuery = graphql(`
  query JobOrder($id: ID!) {
    node(id: $id) {
      ... on JobOrder {
        id
        code
        title
        status
        start
        end
        division
        poNumber
        invoiceGrouping
        path
        client {
          id
          code
          name
        }
        payee {
          code
          name
          kind
        }
        entity {
          code
          name
          currency
        }
        payAgreement {
          id
          name
          nodeLevel
          nodeValue
          validFrom
          validTo
        }
        billAgreement {
          id
          name
        }
        applicableBillAgreements {
          id
          name
          nodeLevel
          nodeValue
          validFrom
          validTo
        }
      }
    }
  }
`);

export const PayCodesQuery = graphql(`
  query PayCodes {
    payCodes(first: 100) {
      edges {
        node {
          id
          code
          name
          type
          unit
          multiplier
        }
      }
    }
  }
`);

export const RateQuoteQuery = graphql(`
  query RateQuote($jobOrder: ID!, $payCode: String!, $quantity: Decimal!, $date: Date!) {
    rateQuote(jobOrder: $jobOrder, payCode: $payCode, quantity: $quantity, date: $date) {
      payCode
      quantity
      payRate
      wage
      billOncosts {
        code
        amount
      }
      payOncosts {
        code
        amount
      }
      costRate
      billRate
      billAmount
      grossMargin
      marginPercent
      rule {
        agreement
        level
        nodeValue
        scope
        method
        value
        ruleId
        lineId
      }
    }
  }
`);
