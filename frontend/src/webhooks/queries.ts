import { graphql } from '../graphql';

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEventTypes {
      name
      description
    }
    webhookEndpoints(first: 100) {
      edges {
        node {
          id
          name
          url
          isActive
          disabledReason
          eventTypes
          clientCode
          entityCode
        }
      }
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($filters: WebhookDeliveryFilter) {
    webhookDeliveries(first: 25, filters: $filters) {
      edges {
        node {
          id
          status
          attempts
          lastStatusCode
          lastError
          createdAt
          eventId
          eventType
          endpoint {
            id
            name
          }
        }
      }
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
        name
      }
      secret
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetWebhookEndpointActiveMutation = graphql(`
  mutation SetWebhookEndpointActive($id: ID!, $active: Boolean!) {
    setWebhookEndpointActive(id: $id, active: $active) {
      endpoint {
        id
        isActive
        disabledReason
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResendWebhookDeliveryMutation = graphql(`
  mutation ResendWebhookDelivery($id: ID!) {
    resendWebhookDelivery(id: $id) {
      delivery {
        id
        status
        attempts
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
