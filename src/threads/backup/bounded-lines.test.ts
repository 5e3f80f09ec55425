import { describe, expect, it } from 'vitest';
import { boundedLines, LineError } from './bounded-lines.js';

describe('boundedLines', () => {
  const limits = { maxLineBytes: 8, maxTotalBytes: 100 };
  const chunks = async function* (...parts: (string | Buffer)[]) {
    for (const part of parts) yield Buffer.from(part);
  };
  const collect = async (source: AsyncIterable<Uint8Array>, given = limits) => {
    const lines: string[] = [];
    for await (const line of boundedLines(source, given)) lines.push(line);
    return lines;
  };

  it(
    'when lines and a multi-byte character are split across chunks, ' +
      'then it yields whole lines, the last one without a newline too',
    async () => {
      const check = Buffer.from('✓');

      const lines = await collect(chunks('ab\ncd', 'e\n\nf', check.subarray(0, 1), check.subarray(1), 'g'));

      expect(lines).toEqual(['ab', 'cde', '', 'f✓g']);
    },
  );

  it('when the input is empty or ends with a newline, then no empty line is added', async () => {
    expect(await collect(chunks())).toEqual([]);
    expect(await collect(chunks('a\n'))).toEqual(['a']);
  });

  it('when a line has exactly the limit of bytes, then it is yielded', async () => {
    expect(await collect(chunks('12345678\n1234', '5678'))).toEqual(['12345678', '12345678']);
  });

  it('when a line never ends, then it throws once the line passes the limit, without reading on', async () => {
    let pulled = 0;
    const endless = async function* () {
      for (;;) {
        pulled += 1;
        yield Buffer.from('xxx');
      }
    };

    await expect(collect(endless())).rejects.toThrow(new LineError('line 1 is longer than 8 bytes'));
    expect(pulled).toBe(3);
  });

  it('when the input passes the total limit, then it throws, even if every line is short', async () => {
    await expect(collect(chunks('a\nb\n', 'c\nd\n'), { maxLineBytes: 8, maxTotalBytes: 6 })).rejects.toThrow(
      new LineError('holds more than 6 bytes (at line 3)'),
    );
  });

  it('when a line is not UTF-8, then it throws naming the line', async () => {
    await expect(collect(chunks('ok\n', Buffer.from([0x61, 0xff, 0x0a])))).rejects.toThrow(
      new LineError('line 2 is not valid UTF-8'),
    );
  });
});
