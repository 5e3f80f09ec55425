import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLError,
  GraphQLError as GraphQLErrorClass,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { GraphQLLimits } from '../config.js';
import type { GraphQLContext } from './context.js';
import { costLimitError, operationCost } from './cost.js';
import { limitOptions } from './limits.js';

function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map(
    (error) => new GraphQLErrorClass(error.message, { nodes: error.nodes, source: error.source, extensions: { code } }),
  );
}

function refusal(message: string, code: string): GraphQLError[] {
  return [new GraphQLErrorClass(message, { extensions: { code } })];
}

/**
 * Checks what a socket asks to run as HTTP checks a request, and prepares it: parsed under the
 * token limit, validated with the same rules (depth, aliases, directives), a subscription (queries
 * and mutations go over HTTP, with its rate limits), priced with the same cost model. Errors come
 * back with the codes HTTP would give them.
 */
export class WsOperations {
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: GraphQLLimits,
  ) {
    this.rules = [...specifiedRules, ...(limitOptions(limits).validationRules ?? [])];
  }

  prepare(payload: SubscribePayload, contextValue: GraphQLContext): ExecutionArgs | GraphQLError[] {
    const { schema, limits } = this;
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: limits.maxTokens });
    } catch (error) {
      return withCode([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
    }
    const invalid = validate(schema, document, this.rules);
    if (invalid.length > 0) return withCode(invalid, 'GRAPHQL_VALIDATION_FAILED');
    const operationName = payload.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) return refusal('Unable to identify the operation to run.', 'BAD_REQUEST');
    if (operation.operation !== 'subscription')
      return refusal(
        'Only subscriptions are served over WebSocket: send queries and mutations to POST /graphql.',
        'BAD_REQUEST',
      );
    const variableValues = payload.variables ?? undefined;
    const cost = operationCost(schema, document, variableValues, operationName);
    if (cost !== null && cost > limits.maxCost) return [costLimitError(cost, limits.maxCost)];
    return { schema, document, operationName, variableValues, contextValue };
  }
}
