import type { CodegenConfig } from '@graphql-codegen/cli';

// The schema the backend publishes at the repository root (`make schema` exports it).
// Paths are relative to frontend/, where the npm scripts run.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/graphql/generated/**', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          Date: 'string',
          DateTime: 'string',
          Decimal: 'string',
          Time: 'string',
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
