/** How much text `boundedLines` accepts before it gives up. */
export interface LineLimits {
  /** Bytes one line may hold, its newline not counted. */
  readonly maxLineBytes: number;
  /** Bytes the whole input may hold. */
  readonly maxTotalBytes: number;
}

/** Thrown when the input breaks a limit or is not UTF-8; the message says which line. */
export class LineError extends Error {}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into UTF-8 lines (on `\n` only), never buffering more than `maxLineBytes`
 * of one line nor reading past `maxTotalBytes`: unlike readline, which holds a whole line however
 * long before yielding it, an endless line or a decompression bomb ends with a `LineError`.
 * A final line without a newline is yielded too; an empty input yields nothing.
 */
export async function* boundedLines(chunks: AsyncIterable<Uint8Array>, limits: LineLimits): AsyncGenerator<string> {
  const line = new PendingLine(limits.maxLineBytes);
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limits.maxTotalBytes)
      throw new LineError(`holds more than ${limits.maxTotalBytes} bytes (at line ${line.number})`);
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      line.append(chunk.subarray(start, end));
      yield line.take();
      start = end + 1;
    }
    line.append(chunk.subarray(start));
  }
  if (line.bytes > 0) yield line.take();
}

/** The bytes of the line being read, checked against the limit as they arrive. */
class PendingLine {
  private parts: Uint8Array[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  bytes = 0;
  number = 1;

  constructor(private readonly maxBytes: number) {}

  append(part: Uint8Array): void {
    if (part.length === 0) return;
    this.bytes += part.length;
    if (this.bytes > this.maxBytes) throw new LineError(`line ${this.number} is longer than ${this.maxBytes} bytes`);
    this.parts.push(part);
  }

  take(): string {
    const bytes = Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    try {
      return this.decoder.decode(bytes);
    } catch {
      throw new LineError(`line ${this.number} is not valid UTF-8`);
    } finally {
      this.number += 1;
    }
  }
}
