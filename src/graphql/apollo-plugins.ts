import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Metrics } from '../http/metrics.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from './context.js';
import { clientCodeOf, domainErrorOf } from './format-error.js';

/** A bounded label for an operation: its root fields (schema names, not client-chosen aliases or names). */
function rootFieldsOf(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'unknown';
  let label = labels.get(operation);
  if (label === undefined) {
    label = labelOf(operation);
    labels.set(operation, label);
  }
  return label;
}

/**
 * The label of each operation seen, by its node: Apollo's document cache hands back the same parsed
 * document for the same text, so a label is worked out once per document, not per request.
 */
const labels = new WeakMap<OperationDefinitionNode, string>();

function labelOf(operation: OperationDefinitionNode): string {
  const fields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
  const names = [...new Set(fields)].sort();
  return names.length === 0 ? 'unknown' : names.length > 3 ? `${names.slice(0, 3).join('+')}+more` : names.join('+');
}

/**
 * Per operation: records the root fields and outcome for the request log, times it for
 * `/metrics`, and logs unexpected errors (with the request id) that `formatError` masks. Client
 * mistakes are not logged here: the request's info line carries their codes.
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = 'unparsed';
      return {
        async didResolveOperation({ operation: document, contextValue }) {
          // A subscription's fields are unchecked (no Subscription type): never a metric label.
          operation = document?.operation === 'subscription' ? 'subscription' : rootFieldsOf(document);
          contextValue.log.operation = operation;
        },
        async didEncounterErrors({ errors, contextValue }) {
          const codes = new Set<string>();
          for (const error of errors) {
            const domain = domainErrorOf(error);
            const code = domain?.code ?? clientCodeOf(error) ?? 'INTERNAL_SERVER_ERROR';
            if (!domain && code === 'INTERNAL_SERVER_ERROR') {
              logger.error(
                { err: error.originalError ?? error, requestId: contextValue.meta.requestId, path: error.path },
                'unexpected error',
              );
            }
            codes.add(code);
          }
          contextValue.log.errors = [...codes];
        },
        async willSendResponse({ contextValue }) {
          const outcome = contextValue.log.errors?.[0] ?? contextValue.log.outcome ?? 'success';
          contextValue.log.outcome ??= outcome;
          metrics.graphqlDuration.observe({ operation, outcome }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
