import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from '../config.js';
import { UnauthenticatedError } from '../errors.js';

/** Who is calling: the token's `sub`, and whether its `roles` include `admin`. */
export interface Caller {
  readonly userId: string;
  readonly isAdmin: boolean;
}

/** Longest token accepted (8 KiB: generous for a JWT); a longer header is refused before any parsing or crypto. */
export const MAX_TOKEN_LENGTH = 8192;
/** Room for the scheme, the spaces after it and surrounding whitespace. */
const MAX_HEADER_LENGTH = MAX_TOKEN_LENGTH + 64;
/**
 * A compact JWS: three unpadded base64url segments. No segment's alphabet holds the dot, so a
 * failed match costs one pass over the token (overlapping segments would backtrack quadratically).
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** C0 controls and DEL: PostgreSQL refuses NUL in text, and none belongs in a user id or a log line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROL_CHARACTER = /[\x00-\x1F\x7F]/;
/** Subjects the server records for itself (`system:purge`, `system:import-backup`): never a caller's. */
const RESERVED_SUBJECT = /^system:/i;
const HS_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** The user id of the demo data and of the dev token. */
export const DEMO_USER = 'demo-user';

/**
 * The token of a `Bearer <compact JWS>` header, or null for anything else (another scheme, a
 * padded or `+`/`/` signature, a token past {@link MAX_TOKEN_LENGTH}). Linear in the header's length.
 */
export function bearerTokenOf(header: string): string | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  const value = header.trim();
  if (value.slice(0, 6).toLowerCase() !== 'bearer') return null;
  let start = 6;
  while (value.charCodeAt(start) === 0x20) start += 1;
  const token = value.slice(start);
  if (start === 6 || token.length > MAX_TOKEN_LENGTH) return null;
  return COMPACT_JWS.test(token) ? token : null;
}

/** True for a `sub` a caller may have: 1 to 128 characters, no control characters, not a reserved `system:` actor. */
export function isUsableSubject(subject: unknown): subject is string {
  return (
    typeof subject === 'string' &&
    subject.length > 0 &&
    subject.length <= 128 &&
    !CONTROL_CHARACTER.test(subject) &&
    !RESERVED_SUBJECT.test(subject)
  );
}

/** How many verified tokens are remembered, and for how long at most (a token is never kept past its `exp`). */
const CACHE_ENTRIES = 10_000;
const CACHE_MS = 5 * 60_000;

/**
 * Verifies bearer tokens (HS256 secret or an identity provider's JWKS) and turns them into callers.
 * Clients send the same token with every request, so a verified token is remembered (bounded,
 * until its expiry or five minutes, whichever comes first): signature checks are not repeated.
 */
export class Authenticator {
  private readonly verify: (token: string) => Promise<JWTPayload>;
  private readonly verified = new Map<string, { caller: Caller; expiresAt: number; until: number }>();

  constructor(private readonly config: AuthConfig) {
    const claims = {
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: config.clockToleranceSeconds,
    };
    if (config.mode === 'jwks') {
      const keys = createRemoteJWKSet(config.jwksUrl);
      this.verify = async (token) => (await jwtVerify(token, keys, { ...claims, algorithms: JWKS_ALGORITHMS })).payload;
    } else {
      // Imported once: jose would otherwise import the raw secret into WebCrypto on every request.
      const key = webcrypto.subtle.importKey('raw', config.secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'verify',
      ]);
      this.verify = async (token) =>
        (await jwtVerify(token, await key, { ...claims, algorithms: HS_ALGORITHMS })).payload;
    }
  }

  /** The caller behind an `Authorization` header; null without one; throws for a bad token. */
  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    return (await this.authenticateUntil(authorization))?.caller ?? null;
  }

  /**
   * As `authenticate`, with the last moment the token is accepted (epoch milliseconds: its `exp`
   * plus the clock tolerance, as for HTTP): a WebSocket checks its token once, at connection_init,
   * and is closed then.
   */
  async authenticateUntil(
    authorization: string | undefined,
  ): Promise<{ caller: Caller; acceptedUntil: number } | null> {
    if (authorization === undefined || authorization.trim() === '') return null;
    const token = bearerTokenOf(authorization);
    if (token === null) throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>".');
    const cached = this.verified.get(token);
    const tolerance = this.config.clockToleranceSeconds * 1000;
    if (cached && cached.until > Date.now())
      return { caller: cached.caller, acceptedUntil: cached.expiresAt + tolerance };
    const { caller, expiresAt } = await this.verifyToken(token);
    const oldest = this.verified.keys().next();
    if (this.verified.size >= CACHE_ENTRIES && !oldest.done) this.verified.delete(oldest.value);
    this.verified.set(token, { caller, expiresAt, until: Math.min(expiresAt, Date.now() + CACHE_MS) });
    return { caller, acceptedUntil: expiresAt + tolerance };
  }

  private async verifyToken(token: string): Promise<{ caller: Caller; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      payload = await this.verify(token);
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
    // jose checks `nbf` against the tolerance but `iat` only when a maximum age is set.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + this.config.clockToleranceSeconds) {
      throw new UnauthenticatedError('The bearer token was issued in the future.');
    }
    const userId = payload.sub;
    if (!isUsableSubject(userId)) throw new UnauthenticatedError('The bearer token has no usable subject.');
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    const caller: Caller = Object.freeze({ userId, isAdmin: roles.includes('admin') });
    return { caller, expiresAt: (payload.exp ?? 0) * 1000 };
  }

  /** Signs a token with the HS256 (or dev) secret: for dev mode, the CLI and tests. */
  async issueToken(userId: string, options: { roles?: string[]; expiresIn?: string } = {}): Promise<string> {
    if (this.config.mode === 'jwks')
      throw new Error('tokens are issued by the identity provider when AUTH_JWKS_URL is set');
    const jwt = new SignJWT({ roles: options.roles ?? [] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '24h');
    if (this.config.issuer) jwt.setIssuer(this.config.issuer);
    if (this.config.audience) jwt.setAudience(this.config.audience);
    return jwt.sign(this.config.secret);
  }
}

/** True when the caller may see and change a thread owned by `ownerId`. */
export function canAccess(caller: Caller, ownerId: string): boolean {
  return caller.isAdmin || caller.userId === ownerId;
}
