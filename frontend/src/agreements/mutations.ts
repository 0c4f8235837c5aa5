import { graphql } from '../graphql';

export const CreateBillAgreementMutation = graphql(`
  mutation CreateBillAgreement($name: String!, $node: NodeInput!, $validFrom: Date!, $validTo: Date) {
    createBillAgreement(name: $name, node: $node, validFrom: $validFrom, validTo: $validTo) {
      billAgreement {
        id
        name
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const EndBillRateRuleMutation = graphql(`
  mutation EndBillRateRule($rule: ID!, $validTo: Date!) {
    endBillRateRule(rule: $rule, validTo: $validTo) {
      rule {
        id
        validTo
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const EndBillRateLineMutation = graphql(`
  mutation EndBillRateLine($line: ID!, $validTo: Date!) {
    endBillRateLine(line: $line, validTo: $validTo) {
      rule {
        id
        validFrom
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
