import { parse as parseQuery } from 'node:querystring';
import type { Authenticator } from '../../auth/auth.js';
import type { LegacyRestConfig } from '../../config.js';
import { UnauthenticatedError, type ValidationIssue } from '../../errors.js';
import { admitRequest, type Fairness } from '../../http/fairness.js';
import { percentDecode } from '../../http/percent-decode.js';
import { sendSlashRedirect } from '../../http/redirect-slashes.js';
import { requestStateOf } from '../../http/request-state.js';
import { sendRestError } from '../../http/rest-errors.js';
import { sendJson } from '../../http/send.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { assertValid, checkEnum, checkThreadId, parseBoolean } from '../../validation.js';
import type { DeleteAnswers } from '../delete/thread-delete.response.js';
import { THREAD_DELETE_RESPONSE_KEYS, type ThreadDeleteResult } from '../delete/thread-delete.result.js';
import type { ThreadDeleteService } from '../delete/thread-delete.service.js';
import { DeleteMode } from '../thread.inputs.js';

/** The legacy route's path, as FastAPI declared it. */
export const LEGACY_ROUTE = '/api/chat/threads/{thread_id}';

const DEPRECATION_NOTICE =
  'DELETE /api/chat/threads/{thread_id} is deprecated: use the GraphQL mutation deleteThread at /graphql.';
const MIGRATION_GUIDE =
  'POST /graphql with: mutation ($id: ID!) ' +
  '{ deleteThread(threadId: $id) { status message threadId deletedMessageCount } } ' +
  'and variables {"id": "<thread_id>"}. Query parameters map to options: mode=soft -> {mode: SOFT}, ' +
  'backup=true -> {backup: true}, dry_run=true -> {dryRun: true}. See README.md, "REST compatibility".';

interface LegacyDeleteParams {
  threadId: string;
  mode: DeleteMode;
  backup: boolean;
  dryRun: boolean;
}

/** The last value of a query parameter, as Starlette reads a repeated one. */
function lastQueryValue(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last : undefined;
}

function booleanParam(raw: string | undefined, name: string, issues: ValidationIssue[]): boolean {
  if (raw === undefined) return false;
  const parsed = parseBoolean(raw, ['query', name]);
  if (typeof parsed === 'boolean') return parsed;
  issues.push(parsed);
  return false;
}

/** Validates the path and query like FastAPI would, collecting every issue into one 422. */
export function parseLegacyParams(rawThreadId: string, query: Record<string, unknown>): LegacyDeleteParams {
  const threadId = percentDecode(rawThreadId);
  const issues: ValidationIssue[] = [];
  const idIssue = checkThreadId(threadId, ['path', 'thread_id']);
  if (idIssue) issues.push(idIssue);
  const mode = lastQueryValue(query.mode) ?? 'permanent';
  const modeIssue = checkEnum(mode, ['query', 'mode'], ['permanent', 'soft']);
  if (modeIssue) issues.push(modeIssue);
  const backup = booleanParam(lastQueryValue(query.backup), 'backup', issues);
  const dryRun = booleanParam(lastQueryValue(query.dry_run), 'dry_run', issues);
  assertValid(issues);
  return { threadId, mode: mode === 'soft' ? DeleteMode.SOFT : DeleteMode.PERMANENT, backup, dryRun };
}

/** The 200 body: exactly the 36 keys of ThreadDeleteResponse, `null` where a field does not apply. */
export function legacyBody(result: ThreadDeleteResult): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of THREAD_DELETE_RESPONSE_KEYS) body[key] = result[key] ?? null;
  body.deprecationNotice = DEPRECATION_NOTICE;
  body.migrationGuide = MIGRATION_GUIDE;
  return body;
}

const PREFIX_LENGTH = '/api/chat/threads/'.length;

/**
 * The headers of every 200: `Deprecation` as RFC 9745 writes it (a structured-field date,
 * `@<epoch seconds>`), `Sunset` as RFC 8594 does (an HTTP-date) when one is configured, and the
 * GraphQL endpoint as the successor.
 */
function lifecycleHeaders(lifecycle: LegacyRestConfig): Record<string, string> {
  const headers: Record<string, string> = {
    Deprecation: `@${lifecycle.deprecatedAtSeconds}`,
    Link: '</graphql>; rel="successor-version"',
  };
  if (lifecycle.sunsetAtSeconds !== null) headers.Sunset = new Date(lifecycle.sunsetAtSeconds * 1000).toUTCString();
  return headers;
}

/**
 * `DELETE /api/chat/threads/{thread_id}`: the original FastAPI route, answered by the same
 * service. The server's listener sends it every request whose path is the prefix and one
 * segment; the raw (still percent-encoded) segment is decoded here, as Starlette would. With
 * trailing slashes, the path is redirected to the one without, as FastAPI does.
 */
export function legacyThreadRoute(deps: {
  authenticator: Authenticator;
  fairness: Fairness;
  deletes: ThreadDeleteService;
  answers: DeleteAnswers;
  logger: Logger;
  lifecycle: LegacyRestConfig;
}): RouteHandler {
  const successHeaders = lifecycleHeaders(deps.lifecycle);
  return async (req, res, url) => {
    if (url.path.endsWith('/')) {
      sendSlashRedirect(req, res, url.path, url.search);
      return;
    }
    if (req.method !== 'DELETE') {
      sendJson(res, 405, { detail: 'Method Not Allowed' }, { Allow: 'DELETE' });
      return;
    }
    const state = requestStateOf(res);
    try {
      const caller = await admitRequest(req, deps.authenticator, deps.fairness);
      if (!caller) throw new UnauthenticatedError();
      const params = parseLegacyParams(url.path.slice(PREFIX_LENGTH), parseQuery(url.search));
      state.log.operation = 'legacyDeleteThread';
      const request = { ...params, caller, meta: state.meta, transport: 'rest' as const };
      const startedAt = performance.now();
      const outcome = await deps.deletes.delete(request);
      const result = deps.answers.resultOf({ threadId: request.threadId, startedAt, ok: true, outcome }, request);
      sendJson(res, 200, legacyBody(result), successHeaders);
    } catch (error) {
      sendRestError(res, error, deps.logger, url.path);
    }
  };
}
