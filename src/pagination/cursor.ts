import { InputValidationError } from '../errors.js';
import { checkThreadId, type Loc, THREAD_ID_MAX_LENGTH } from '../validation.js';

/**
 * The longest cursor `encodeCursor` makes: `["<24-character ISO time>","<id>"]` with an id of
 * THREAD_ID_MAX_LENGTH characters of 4 bytes each in UTF-8, in base64url (4 characters per 3 bytes).
 */
export const MAX_CURSOR_LENGTH = Math.ceil(((2 + 24 + 3 + THREAD_ID_MAX_LENGTH * 4 + 2) * 4) / 3);

/** A keyset position: the sort key (a timestamp, then the id) of the last row a page returned. */
export interface CursorKey {
  readonly at: Date;
  readonly id: string;
}

/** An opaque cursor for a row, stable across inserts and deletes. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`; anything else is `BAD_USER_INPUT`. */
export function decodeCursor(cursor: string, loc: Loc): CursorKey {
  // Nothing longer than a cursor this API can make is decoded.
  if (cursor.length > MAX_CURSOR_LENGTH)
    throw new InputValidationError([
      { type: 'value_error', loc, msg: 'Value error, not a cursor returned by this API', input: cursor },
    ]);
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    const year = date.getUTCFullYear();
    if (typeof at === 'string' && typeof id === 'string' && year >= 1970 && year <= 9999 && !checkThreadId(id, loc))
      return { at: date, id };
  } catch {
    // fall through to the validation error
  }
  throw new InputValidationError([
    { type: 'value_error', loc, msg: 'Value error, not a cursor returned by this API', input: cursor },
  ]);
}

/** Page size: 1 to 100, 20 when not given. */
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
