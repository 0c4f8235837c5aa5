import { graphql } from '../graphql';

export const ImportConfigurationMutation = graphql(`
  mutation ImportConfiguration($document: String!, $dryRun: Boolean!) {
    importConfiguration(document: $document, dryRun: $dryRun) {
      ok
      dryRun
      summary
      sections {
        section
        created
        changed
        unchanged
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
