import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { UnauthenticatedError } from '../errors.js';
import type { GraphQLContext } from './context.js';

/**
 * Where subscriptions go: a WebSocket on the same path, speaking `graphql-transport-ws` (the
 * `graphql-ws` library's protocol, which Apollo Client, urql, Relay and GraphiQL speak), served
 * by `ws-server.ts`. Over HTTP they stay refused.
 */
export const SUBSCRIPTION_REFUSAL =
  'Subscriptions are not served over HTTP: subscribe over a WebSocket to /graphql with the ' +
  'graphql-transport-ws protocol (see threadEvents).';

function subscriptionRefusal(): GraphQLError {
  return new GraphQLError(SUBSCRIPTION_REFUSAL, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Root fields that read only the schema: a request without a token may ask for these and nothing else. */
const INTROSPECTION_FIELDS = new Set(['__typename', '__schema', '__type']);

/** Whether an operation selects any root field but introspection, through fragments too. */
function selectsData(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const seen = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!INTROSPECTION_FIELDS.has(selection.name.value)) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return false;
}

/**
 * Refuses, before anything executes, the operations this endpoint does not run: a subscription
 * (400 BAD_REQUEST, pointing to the WebSocket endpoint; graphql-js would only fail at execution,
 * as an internal error), and an operation that reads or writes data without a caller
 * (UNAUTHENTICATED: a request error, so application/graphql-response+json answers it 401).
 * Introspection needs no token. The resolvers check the caller too.
 */
export function requestRefusalsPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return;
          if (operation.operation === 'subscription') throw subscriptionRefusal();
          if (!contextValue.caller && selectsData(operation, document)) throw new UnauthenticatedError();
        },
        async willSendResponse({ operation, request, response }) {
          // Over GET, Apollo answers every operation but a query with its 405 (`Allow: POST`) before
          // didResolveOperation runs: a subscription would be sent to POST, refused there too.
          if (operation?.operation !== 'subscription' || request.http?.method !== 'GET') return;
          if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
          response.body.singleResult = {
            errors: [{ message: SUBSCRIPTION_REFUSAL, extensions: { code: 'BAD_REQUEST' } }],
          };
          response.http.status = 400;
          response.http.headers.delete('allow');
        },
      };
    },
  };
}
