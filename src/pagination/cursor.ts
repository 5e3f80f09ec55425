import { InputValidationError, type ValidationIssue } from '../errors.js';
import { checkThreadId, type Loc, THREAD_ID_MAX_LENGTH } from '../validation.js';

/** The longest name of an order a cursor carries (`threads:UPDATED_AT_DESC`...). */
export const ORDER_NAME_MAX_LENGTH = 40;

/**
 * The longest cursor `encodeCursor` makes: `["<order>","<24-character ISO time>","<id>"]` with an id
 * of THREAD_ID_MAX_LENGTH characters of 4 bytes each in UTF-8, in base64url (4 characters per 3 bytes).
 */
export const MAX_CURSOR_LENGTH = Math.ceil(
  ((2 + ORDER_NAME_MAX_LENGTH + 3 + 24 + 3 + THREAD_ID_MAX_LENGTH * 4 + 2) * 4) / 3,
);

/** A keyset position: the sort key (a timestamp, then the id) of a row of a page. */
export interface CursorKey {
  readonly at: Date;
  readonly id: string;
}

/** What a cursor is a position in: a list in one order, named in the cursor so that it is never used with another. */
export interface CursorOrder {
  /** `<list>:<order>`, e.g. `threads:CREATED_AT_DESC`; at most ORDER_NAME_MAX_LENGTH characters. */
  readonly name: string;
  /** Whether cursors made before cursors named their order (`[time, id]`) are positions in this order. */
  readonly legacy?: boolean;
}

/** An opaque cursor for a row in an order, stable across inserts and deletes. */
export function encodeCursor(order: CursorOrder, at: Date, id: string): string {
  return Buffer.from(JSON.stringify([order.name, at.toISOString(), id])).toString('base64url');
}

const notACursor = (cursor: string, loc: Loc): ValidationIssue => ({
  type: 'value_error',
  loc,
  msg: 'Value error, not a cursor returned by this API',
  input: cursor,
});

/** The position a JSON cursor names, if its time and id are well formed. */
function keyOf(at: unknown, id: unknown, loc: Loc): CursorKey | null {
  if (typeof at !== 'string' || typeof id !== 'string') return null;
  const date = new Date(at);
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 && !checkThreadId(id, loc) ? { at: date, id } : null;
}

/**
 * Reads a cursor made by `encodeCursor` for `order`. Anything else is `BAD_USER_INPUT`: a cursor
 * of another list or order (a position in one order means nothing in another), or no cursor at all.
 */
export function decodeCursor(cursor: string, loc: Loc, order: CursorOrder): CursorKey {
  // Nothing longer than a cursor this API can make is decoded.
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InputValidationError([notACursor(cursor, loc)]);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputValidationError([notACursor(cursor, loc)]);
  }
  if (!Array.isArray(parts)) throw new InputValidationError([notACursor(cursor, loc)]);
  const [name, at, id] = parts.length === 2 ? [null, ...parts] : parts;
  const key = parts.length === 2 || parts.length === 3 ? keyOf(at, id, loc) : null;
  if (!key || (name !== null && typeof name !== 'string')) throw new InputValidationError([notACursor(cursor, loc)]);
  if (name === order.name || (name === null && order.legacy)) return key;
  throw new InputValidationError([
    {
      type: 'value_error',
      loc,
      msg:
        'Value error, this cursor is a position in another list or order; ' +
        'use a cursor from the same query with the same orderBy, or none',
      input: cursor,
      ctx: { order: order.name },
    },
  ]);
}

/** Page size (`first` or `last`): 1 to 100, 20 when not given. */
export function pageSize(first: number | null | undefined, loc: Loc): number {
  const size = first ?? 20;
  if (Number.isInteger(size) && size >= 1 && size <= 100) return size;
  throw new InputValidationError([
    size < 1
      ? {
          type: 'greater_than_equal',
          loc,
          msg: 'Input should be greater than or equal to 1',
          input: size,
          ctx: { ge: 1 },
        }
      : {
          type: 'less_than_equal',
          loc,
          msg: 'Input should be less than or equal to 100',
          input: size,
          ctx: { le: 100 },
        },
  ]);
}
