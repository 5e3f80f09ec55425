import { ResponseTooLargeError } from '../errors.js';

/** Characters JSON writes as more than themselves: `"`, `\` (2 bytes) and C0 controls (2 or 6 bytes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: C0 controls are what JSON escapes.
const ESCAPED = /["\\\u0000-\u001F]/g;

/** The bytes a string takes in a JSON response: UTF-8, quotes and escapes included. */
export function jsonStringBytes(text: string): number {
  let extra = 2;
  for (const match of text.matchAll(ESCAPED)) extra += '\b\f\n\r\t"\\'.includes(match[0]) ? 1 : 5;
  return Buffer.byteLength(text) + extra;
}

/**
 * How many bytes of stored content one GraphQL response may still carry. Resolvers that return
 * large stored values (message contents) charge it before they read them and again for what JSON
 * escaping adds, so a response stops at RESPONSE_TOO_LARGE instead of growing past the limit.
 */
export class ResponseBudget {
  private spent = 0;

  constructor(readonly maxBytes: number) {}

  /** Counts `bytes` toward the response; throws RESPONSE_TOO_LARGE once the total passes the limit. */
  charge(bytes: number): void {
    this.spent += bytes;
    if (this.spent > this.maxBytes) throw new ResponseTooLargeError();
  }
}
