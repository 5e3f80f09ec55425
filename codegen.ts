import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator (client preset): typed documents for the operations written with
 * `graphql(...)` in the examples, the web app and the test files listed below, from the committed schema, into
 * `gql/`. `npm run codegen` writes it; test/codegen.test.ts fails while the committed files are stale.
 * It reads files only: no network.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: [
    'examples/**/*.ts',
    'web/**/*.ts',
    'web/**/*.tsx',
    'test/support/documents.ts',
    'test/client-cache.test.ts',
  ],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'gql/': {
      preset: 'client',
      // Apollo Client 4 masks fragments itself; the preset's own masking would wrap every fragment twice.
      presetConfig: { fragmentMasking: false },
      config: {
        // Every custom scalar is named here (strictScalars refuses one that is not), as it travels in JSON.
        strictScalars: true,
        scalars: {
          // Ids are strings both ways: the gateway's ids are UUIDs, and it answers them as strings.
          ID: 'string',
          // ISO 8601 UTC with milliseconds, e.g. 2026-11-29T16:46:15.763Z: a string on the wire, never a Date.
          DateTimeISO: 'string',
          // A JSON object whose values are all strings.
          StringMap: 'Record<string, string>',
        },
        enumType: 'string-literal',
        useTypeImports: true,
        // Imports with `.js`, as the rest of the code (module nodenext).
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
