import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildGatewaySchema, printSortedSchema } from '../schema.js';
import { runCli } from './run-cli.js';

/** `npm run schema`: regenerates `schema/schema.graphql` from the code. */
runCli(async () => {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('no services while printing the schema');
      },
    },
  );
  const schema = await buildGatewaySchema({
    threads: unused as never,
    deletes: unused as never,
    answers: unused as never,
    trash: unused as never,
    audit: unused as never,
    events: unused as never,
  });
  const file = path.resolve('schema', 'schema.graphql');
  writeFileSync(file, printSortedSchema(schema));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
});
