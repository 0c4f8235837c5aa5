// The typed `graphql()` tag and the generated operation types (see `npm run codegen`).
export * from './generated';
export type * from './generated/graphql';
