import { InputValidationError, type ValidationIssue } from '../../errors.js';
import { checkString, checkThreadId, codePointLength, ID_PATTERN, type Loc } from '../../validation.js';
import { validateAddMessage, validateCreateThread } from '../thread.inputs.js';
import type { BackupMessage, BackupThread } from './thread-backup.store.js';

/** A rule a backup file breaks, without the file and place (the reader adds those). */
export class BackupProblem extends Error {}

type Fields = Record<string, unknown>;
type Check = (value: string, loc: Loc) => ValidationIssue | null;

const THREAD_FIELDS = ['id', 'title', 'projectId', 'conversationId', 'userId', 'createdAt', 'updatedAt'];
const MESSAGE_FIELDS = ['id', 'role', 'content', 'createdAt'];

/** Message ids are time-ordered UUIDs, stored in a 36-character column. */
const MESSAGE_ID_RULE = { min: 1, max: 36, pattern: ID_PATTERN };

/** Owners starting with this are the gateway's own actors (`system:purge`, `system:import-backup`), never users. */
const RESERVED_OWNER_PREFIX = 'system:';

/** Characters of a value an error message repeats: enough to recognise it, never a flood. */
const ECHO_LIMIT = 100;

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Parses one JSON document; anything else is a `BackupProblem`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupProblem('is not valid JSON');
  }
}

/** The fields of a JSON object holding every `required` field, maybe some `optional` ones, and nothing else. */
export function fieldsOf(value: unknown, required: readonly string[], optional: readonly string[] = []): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BackupProblem(`should be a JSON object, not ${kindOf(value)}`);
  const unknownField = Object.keys(value).find((name) => !required.includes(name) && !optional.includes(name));
  if (unknownField !== undefined) throw new BackupProblem(`unknown field ${echo(unknownField)}`);
  const missing = required.find((name) => !Object.hasOwn(value, name));
  if (missing !== undefined) throw new BackupProblem(`missing field "${missing}"`);
  return value as Fields;
}

/** A backup's thread, checked against the API's rules and built from the allowed fields only. */
export function validBackupThread(value: unknown): BackupThread {
  const fields = fieldsOf(value, THREAD_FIELDS);
  const thread: BackupThread = {
    id: text(fields, 'id', checkThreadId),
    title: text(fields, 'title'),
    projectId: nullableText(fields, 'projectId'),
    conversationId: nullableText(fields, 'conversationId'),
    userId: text(fields, 'userId', checkOwner),
    createdAt: text(fields, 'createdAt', checkTimestamp),
    updatedAt: text(fields, 'updatedAt', checkTimestamp),
  };
  withApiRules(fields, () => validateCreateThread(thread, []));
  return thread;
}

/**
 * One backed-up message of thread `threadId`, checked like `addMessage` input and built from the allowed fields
 * only.
 */
export function validBackupMessage(value: unknown, threadId: string): BackupMessage {
  const fields = fieldsOf(value, MESSAGE_FIELDS, ['threadId']);
  if (Object.hasOwn(fields, 'threadId') && fields.threadId !== threadId) {
    throw new BackupProblem(`threadId: should be the backup's thread ${echo(threadId)}, got ${echo(fields.threadId)}`);
  }
  const message: BackupMessage = {
    id: text(fields, 'id', (id, loc) => checkString(id, loc, MESSAGE_ID_RULE)),
    threadId,
    role: text(fields, 'role'),
    content: text(fields, 'content'),
    createdAt: text(fields, 'createdAt', checkTimestamp),
  };
  withApiRules(fields, () => validateAddMessage(message, []));
  return message;
}

/** A string field of `fields` that passes `check`. */
export function text(fields: Fields, name: string, check?: Check): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new BackupProblem(`${name}: should be a string, not ${kindOf(value)}`);
  const issue = check?.(value, [name]);
  if (issue) throw problemOf(issue);
  return value;
}

function nullableText(fields: Fields, name: string): string | null {
  return fields[name] === null ? null : text(fields, name);
}

/** An ISO 8601 date and time with a zone, a real calendar date, from 1970 to 9999 (the range the API pages by). */
export function checkTimestamp(value: string, loc: Loc): ValidationIssue | null {
  const parts = ISO_8601.exec(value)
    ?.slice(1)
    .map((part) => Number(part ?? 0));
  const year = new Date(value).getUTCFullYear();
  if (parts && isCalendarTime(parts) && year >= 1970 && year <= 9999) return null;
  const msg = 'Input should be an ISO 8601 date and time from 1970 to 9999, such as 2026-01-31T12:00:00.000Z';
  return { type: 'datetime_parsing', loc, msg, input: value };
}

function isCalendarTime([year, month, day, hour, minute, second, offsetHours, offsetMinutes]: number[]): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

function checkOwner(value: string, loc: Loc): ValidationIssue | null {
  const issue = checkThreadId(value, loc);
  if (issue || !value.startsWith(RESERVED_OWNER_PREFIX)) return issue;
  return {
    type: 'value_error',
    loc,
    msg: `Value error, owners starting with "${RESERVED_OWNER_PREFIX}" are reserved for the gateway's own actors`,
    input: value,
  };
}

/** Runs one of the API's input validators on values from `fields`; its first issue becomes a `BackupProblem`. */
function withApiRules(fields: Fields, validate: () => void): void {
  try {
    validate();
  } catch (error) {
    if (!(error instanceof InputValidationError)) throw error;
    const [issue] = error.issues;
    // The error carries a shortened copy of the value; echo the value itself, so its length is told right.
    throw problemOf({ ...issue, input: fields[issue.loc[0]] });
  }
}

function problemOf(issue: ValidationIssue): BackupProblem {
  return new BackupProblem(`${issue.loc.join('.')}: ${issue.msg}, got ${echo(issue.input)}`);
}

/**
 * A value as an error message may show it: JSON-quoted (so control characters stay escaped), cut to ECHO_LIMIT
 * characters.
 */
function echo(value: unknown): string {
  if (typeof value !== 'string') return kindOf(value);
  if (value.length <= ECHO_LIMIT) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, ECHO_LIMIT))}... (${codePointLength(value)} characters)`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
