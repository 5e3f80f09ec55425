import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { describe, expect, it } from 'vitest';
import config from '../codegen.js';

/** The folder codegen.ts generates into (its one `generates` key). */
const OUTPUT_DIR = 'gql';

describe('the typed documents in gql/ (GraphQL Code Generator, codegen.ts)', () => {
  it('are committed exactly as `npm run codegen` generates them from schema/schema.graphql and the documents', async () => {
    const outputs: Types.FileOutput[] = await generate({ ...config, cwd: process.cwd() }, false);
    const generated = Object.fromEntries(
      outputs.map((output) => [path.relative(process.cwd(), path.resolve(output.filename)), output.content]),
    );
    const committed = Object.fromEntries(
      readdirSync(OUTPUT_DIR).map((name) => {
        const file = path.join(OUTPUT_DIR, name);
        return [file, readFileSync(file, 'utf8')];
      }),
    );

    expect(Object.keys(config.generates)).toEqual([`${OUTPUT_DIR}/`]);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, content] of Object.entries(generated))
      expect(committed[file], `${file} is stale: run \`npm run codegen\``).toBe(content);
  });
});
