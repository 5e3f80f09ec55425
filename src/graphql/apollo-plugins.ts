import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from './context.js';
import { domainErrorOf } from './format-error.js';

/** Records the operation name for the request log and logs unexpected errors with the request id. */
export function observabilityPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation, contextValue }) {
          contextValue.log.operation = operationName ?? operation?.operation;
        },
        async didEncounterErrors({ errors, contextValue }) {
          const codes = new Set<string>();
          for (const error of errors) {
            const domain = domainErrorOf(error);
            const code = domain?.code ?? (error.extensions?.code as string | undefined) ?? 'INTERNAL_SERVER_ERROR';
            if (!domain && code === 'INTERNAL_SERVER_ERROR') {
              logger.error({ err: error.originalError ?? error, requestId: contextValue.meta.requestId, path: error.path }, 'unexpected error');
              codes.add('INTERNAL_SERVER_ERROR');
            } else {
              codes.add(code);
            }
          }
          contextValue.log.errors = [...codes];
        },
      };
    },
  };
}
