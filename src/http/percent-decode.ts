/**
 * Decodes a raw path segment the way Starlette does (`urllib.parse.unquote`): `%XX` escapes
 * become bytes, the bytes are read as UTF-8, and invalid sequences become U+FFFD instead of
 * an error. A stray `%` stays as it is.
 */
export function percentDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  const bytes: number[] = [];
  for (let index = 0; index < segment.length; index += 1) {
    const hex = segment.slice(index + 1, index + 3);
    if (segment[index] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(segment[index], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
