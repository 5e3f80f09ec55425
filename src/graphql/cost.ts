import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, type DocumentNode, GraphQLError, type GraphQLSchema, visit } from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import type { GraphQLContext } from './context.js';

/** What one piece of work counts for in the cost of an operation. */
export const COST = Object.freeze({
  /** A field whose value is already at hand. */
  field: 1,
  /** A field that needs a query of its own (a page of messages, a count). */
  query: 5,
  /** A write: one thread created, messaged, deleted or restored. */
  write: 10,
  /** Per KiB of caller metadata that each delete result echoes back. */
  echoedKiB: 1,
});

/** Page size when `first` is not given, and the largest one there is. */
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function pageOf(first: unknown): number {
  return typeof first === 'number' && Number.isInteger(first) && first >= 1 ? Math.min(first, MAX_PAGE) : DEFAULT_PAGE;
}

function echoCost(options: unknown): number {
  const metadata = (options as { customMetadata?: unknown } | null | undefined)?.customMetadata;
  return metadata ? COST.echoedKiB * Math.ceil(Buffer.byteLength(JSON.stringify(metadata)) / 1024) : 0;
}

/**
 * The cost model. A list counts its items: a connection costs its page size (`first` or `last`,
 * 20 when absent) times what each item selects, `deleteThreads` the number of ids times the cost of one
 * delete and its result. Writes, queries of their own, and the metadata each result echoes cost
 * more than plain fields. A field's cost is paid once per item of every list around it.
 */
function gatewayEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const mutation = schema.getMutationType();
  const query = schema.getQueryType();
  return ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
    if (Array.isArray(args.threadIds)) {
      const count = Math.min(args.threadIds.length, MAX_PAGE);
      return COST.write + count * (COST.write + echoCost(args.options) + childComplexity);
    }
    if (type === mutation) return COST.write + echoCost(args.options) + childComplexity;
    if (field.name.startsWith('__')) return 0;
    if (field.args.some((arg) => arg.name === 'first')) {
      return COST.query + pageOf(args.first ?? args.last) * childComplexity;
    }
    if (field.name === 'totalCount') return COST.query;
    if (type === query && field.name === 'node') return COST.query + childComplexity;
    return COST.field + childComplexity;
  };
}

/** The arguments whose values the cost reads (`gatewayEstimator`'s, and @include/@skip's `if`): a variable inside one can change it. */
const COSTED_ARGUMENTS = new Set(['threadIds', 'options', 'first', 'last', 'if']);

/** True when a variable appears inside a costed argument somewhere in the document. */
function costReadsVariables(document: DocumentNode): boolean {
  let reads = false;
  visit(document, {
    Argument(argument) {
      if (!COSTED_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, {
        Variable() {
          reads = true;
          return BREAK;
        },
      });
      return reads ? BREAK : false;
    },
  });
  return reads;
}

/**
 * Costs already computed, by document and operation name, for documents whose cost does not depend
 * on their variables (`deleteThread(threadId: $id)`): Apollo hands the same parsed document to every
 * request with the same query, and computing the cost was a few percent of a small request's CPU.
 * A document whose cost reads its variables (`first: $n`) is costed every time.
 */
type CostMemo = Map<string, number> | 'per-request';

/**
 * What an operation costs (see `gatewayEstimator`), given its variables; null when its arguments
 * cannot be coerced (execution then refuses them with a proper BAD_USER_INPUT).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  estimators: ComplexityEstimator[] = [gatewayEstimator(schema)],
): number | null {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators });
  } catch {
    return null;
  }
}

/** The error an operation past the cost limit gets, over HTTP and WebSocket alike. */
export function costLimitError(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`Query Cost limit of ${maxCost} exceeded, found ${cost}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost, http: { status: 400 } },
  });
}

/**
 * Refuses an operation whose cost (see `gatewayEstimator`) passes `maxCost`, before it runs.
 * Unlike a validation rule it sees the variables, so `first: $n` and a list of ids in a variable
 * count for what they are. Introspection is exempt, as IDEs need it and it reads no data.
 */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<GraphQLContext> {
  const estimators = [gatewayEstimator(schema)];
  const memos = new WeakMap<DocumentNode, CostMemo>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          let memo = memos.get(document);
          if (memo === undefined) {
            memo = costReadsVariables(document) ? 'per-request' : new Map();
            memos.set(document, memo);
          }
          let cost = memo === 'per-request' ? undefined : memo.get(operationName ?? '');
          if (cost === undefined) {
            const costed = operationCost(schema, document, request.variables, operationName ?? undefined, estimators);
            if (costed === null) return;
            cost = costed;
            if (memo !== 'per-request') memo.set(operationName ?? '', cost);
          }
          if (cost > maxCost) throw costLimitError(cost, maxCost);
        },
      };
    },
  };
}
