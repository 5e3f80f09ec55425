import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { PACKAGE_ROOT } from '../paths.js';

/** One example operation, opened as a playground tab. */
export interface Example {
  readonly name: string;
  readonly query: string;
  /** JSON text; `THREAD_ID` stands for one of the caller's threads. */
  readonly variables: string;
}

/** The placeholder in example variables for "one of your threads". */
export const THREAD_ID_PLACEHOLDER = 'THREAD_ID';

export const EXAMPLES_FILE = path.join(PACKAGE_ROOT, 'schema', 'examples.graphql');

/** Reads `schema/examples.graphql`: each operation with the `# variables:` line just above it. */
export function loadExamples(file = EXAMPLES_FILE): Example[] {
  const text = readFileSync(file, 'utf8');
  const operations = parse(text).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operations.map((operation) => {
    if (!operation.loc) throw new Error(`${file}: parsed without locations`);
    const { start, end } = operation.loc;
    const previousLine = text.slice(0, start).trimEnd().split('\n').at(-1) ?? '';
    const variables = previousLine.startsWith('# variables:') ? previousLine.slice('# variables:'.length).trim() : '{}';
    return {
      name: operation.name?.value ?? 'Example',
      query: text.slice(start, end),
      variables: JSON.stringify(JSON.parse(variables), null, 2),
    };
  });
}
