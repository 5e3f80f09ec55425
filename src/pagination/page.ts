import { InputValidationError } from '../errors.js';
import type { Loc } from '../validation.js';
import { type CursorKey, type CursorOrder, decodeCursor, pageSize } from './cursor.js';

/** A connection's paging arguments as a caller sends them (Relay: `first`/`after`, `last`/`before`). */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

/** A validated page request: `size` items from the start (`first`) or the end (`last`) of the rows between the cursors. */
export interface Page {
  readonly size: number;
  /** True for `last`: the page is the end of the range, fetched in reverse order. */
  readonly backward: boolean;
  readonly after: CursorKey | null;
  readonly before: CursorKey | null;
}

/**
 * Validates paging arguments (under `loc`, e.g. `["messages"]` for a nested connection): `first` or
 * `last` (not both), 1 to 100, 20 `first` when neither is given; `after` and `before` cursors of this
 * order. Every problem is one BAD_USER_INPUT.
 */
export function pageOf(args: PageArgs, order: CursorOrder, loc: Loc = []): Page {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new InputValidationError([
      {
        type: 'value_error',
        loc: [...loc, 'last'],
        msg: 'Value error, give first (with after) or last (with before), not both',
        input: last,
        ctx: { first },
      },
    ]);
  }
  const backward = last != null;
  const size = backward ? pageSize(last, [...loc, 'last']) : pageSize(first, [...loc, 'first']);
  return {
    size,
    backward,
    after: args.after == null ? null : decodeCursor(args.after, [...loc, 'after'], order),
    before: args.before == null ? null : decodeCursor(args.before, [...loc, 'before'], order),
  };
}

/** The first `size` items, no cursors: a page the server asks for itself. */
export function firstPage(size: number): Page {
  return { size, backward: false, after: null, before: null };
}
