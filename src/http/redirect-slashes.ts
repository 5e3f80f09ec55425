import type { IncomingMessage, ServerResponse } from 'node:http';

/** What Python's `urllib.parse.quote` leaves alone, plus the `safe` characters Starlette's RedirectResponse passes it. */
const SAFE = /[A-Za-z0-9_.~\-:/%#?=@[\]!$&'()*+,;]/;

/** Python's `quote(url, safe=":/%#?=@[]!$&'()*+,;")`: every other character percent-encoded as UTF-8. */
function quoteLikeStarlette(url: string): string {
  let quoted = '';
  for (const character of url) {
    quoted += SAFE.test(character)
      ? character
      : Array.from(
          Buffer.from(character, 'utf8'),
          (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
        ).join('');
  }
  return quoted;
}

/**
 * FastAPI's `redirect_slashes` (Starlette's router): a path that matches no route, but would
 * without its trailing slashes, is answered `307 Temporary Redirect` to that path, whatever the
 * method, before any authentication: an absolute `location` built from the `Host` header (plain
 * `http`, as this server speaks), the query string kept, an empty body and no Content-Type.
 */
export function sendSlashRedirect(req: IncomingMessage, res: ServerResponse, path: string, search: string): void {
  const { localAddress = '', localPort } = req.socket;
  const host = req.headers.host ?? `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
  const target = `http://${host}${path.replace(/\/+$/, '')}${search ? `?${search}` : ''}`;
  res.statusCode = 307;
  res.setHeader('location', quoteLikeStarlette(target));
  res.setHeader('content-length', 0);
  res.end();
}
