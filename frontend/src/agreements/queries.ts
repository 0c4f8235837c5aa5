import { graphql } from '../graphql';

export const AgreementsQuery = graphql(`
  query Agreements {
    hierarchyLevels
    billAgreements(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          nodeLevel
          nodeValue
          validFrom
          validTo
          rules {
            id
            nodeLevel
            nodeValue
            validFrom
            validTo
            lines {
              id
              scope
              scopeKind
              scopeValue
              method
              value
              roundingMode
              roundingPlaces
              oncosts {
                code
              }
            }
          }
        }
      }
    }
    payAgreements(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          nodeLevel
          nodeValue
          validFrom
          validTo
          rates {
            id
            rate
            nodeLevel
            nodeValue
            validFrom
            validTo
            payCode {
              code
            }
          }
        }
      }
    }
    oncosts(first: 100) {
      edges {
        node {
          id
          code
          name
          kind
          bill
          nodeLevel
          nodeValue
          appliesTo
          values {
            id
            validFrom
            validTo
            value
          }
        }
      }
    }
  }
`);
