import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import type { GraphQLContext } from './context.js';

/** The media types a GraphQL answer can have (GraphQL over HTTP), with their charset, as Apollo writes them. */
export const GRAPHQL_MEDIA_TYPES = Object.freeze({
  json: 'application/json; charset=utf-8',
  graphqlResponse: 'application/graphql-response+json; charset=utf-8',
  /** Apollo's subscription-callback flavour of application/json: the same status rules. */
  jsonCallback: 'application/json; callbackSpec=1.0; charset=utf-8',
});

/** In the order Apollo offers them: a client that accepts anything (`*\/*`) gets application/json. */
const OFFERED = [GRAPHQL_MEDIA_TYPES.json, GRAPHQL_MEDIA_TYPES.graphqlResponse, GRAPHQL_MEDIA_TYPES.jsonCallback];

/**
 * What a request without an `Accept` header is answered in. The GraphQL over HTTP specification
 * says application/graphql-response+json from 1 January 2025 on (its "legacy watershed");
 * Apollo Server still defaults to application/json, so the handler fills the header in.
 */
export const DEFAULT_ACCEPT = 'application/graphql-response+json';

/**
 * The Content-Type of a GraphQL answer to a request with this `Accept` header, negotiated as
 * Apollo Server does; null when the client accepts neither media type (Apollo answers 406).
 */
export function graphqlContentTypeFor(accept: string | undefined): string | null {
  const header = accept ?? DEFAULT_ACCEPT;
  let contentType = negotiated.get(header);
  if (contentType === undefined) {
    contentType = new Negotiator({ headers: { accept: header } }).mediaType(OFFERED) ?? null;
    // Clients send a handful of distinct headers; a flood of made-up ones only empties the memo.
    if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
    negotiated.set(header, contentType);
  }
  return contentType;
}

/** Negotiation results by `Accept` header: parsing the header was a measurable part of a small request. */
const negotiated = new Map<string, string | null>();
const NEGOTIATED_MAX = 256;

/**
 * Codes of requests that are not well-formed GraphQL-over-HTTP requests, or not for this
 * transport (a body too large to read, malformed JSON, no `query`, a subscription over HTTP):
 * they keep their 4xx whatever the media type.
 */
const MALFORMED_REQUEST_CODES: ReadonlySet<unknown> = new Set(['BAD_REQUEST', 'PAYLOAD_TOO_LARGE']);

/** The parts of a GraphQL answer its HTTP status depends on. */
export interface StatusInputs {
  /** The Content-Type the answer goes out with (null: neither GraphQL media type). */
  readonly contentType: string | null;
  /** Whether the answer has a `data` entry (even null): the operation was executed. */
  readonly executed: boolean;
  readonly codes: readonly unknown[];
  /** The status the error that stopped the request carries (Apollo's, or the error table's). */
  readonly requestErrorStatus: number | undefined;
}

/**
 * The HTTP status of a GraphQL answer, by the GraphQL over HTTP specification. An executed
 * operation (a `data` entry, even null, whatever field errors came with it) is 200 under both
 * media types. A request error (no `data`: a parse or validation failure, variables that do not
 * coerce, a missing or bad token, a rate limit) is 200 under application/json, so that every
 * client reads it as a GraphQL error, and the error's own 4xx/5xx under
 * application/graphql-response+json. A request that is not a well-formed GraphQL request keeps its
 * 4xx under both.
 */
export function graphqlHttpStatus(inputs: StatusInputs): number {
  const refused = inputs.requestErrorStatus !== undefined && inputs.requestErrorStatus >= 400;
  const errorStatus = refused ? (inputs.requestErrorStatus as number) : 400;
  if (inputs.codes.some((code) => MALFORMED_REQUEST_CODES.has(code))) return errorStatus;
  if (inputs.executed) return 200;
  return inputs.contentType === GRAPHQL_MEDIA_TYPES.graphqlResponse || inputs.contentType === null ? errorStatus : 200;
}

/**
 * Sets the Content-Type (negotiated as Apollo does) and the HTTP status (`graphqlHttpStatus`) of
 * every answer that went through Apollo's request pipeline. Apollo itself derives the status from
 * the errors alone (400 for a resolver's BAD_USER_INPUT even beside `data`), whatever the media type.
 */
export function httpStatusPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const contentType = graphqlContentTypeFor(request.http?.headers.get('accept'));
          // Neither media type acceptable: Apollo answers 406 itself once no Content-Type is set.
          if (contentType === null) return;
          const { singleResult } = response.body;
          response.http.headers.set('content-type', contentType);
          response.http.status = graphqlHttpStatus({
            contentType,
            executed: 'data' in singleResult && singleResult.data !== undefined,
            codes: (singleResult.errors ?? []).map((error) => error.extensions?.code),
            requestErrorStatus: response.http.status,
          });
        },
      };
    },
  };
}
