import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from '../config.js';
import { UnauthenticatedError } from '../errors.js';

/** Who is calling: the token's `sub`, and whether its `roles` include `admin`. */
export interface Caller {
  readonly userId: string;
  readonly isAdmin: boolean;
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.?[A-Za-z0-9\-_.+/=]*)$/i;
const HS_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** The user id of the demo data and of the dev token. */
export const DEMO_USER = 'demo-user';

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
  private readonly verified = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly config: AuthConfig) {
    const claims = { issuer: config.issuer, audience: config.audience, requiredClaims: ['sub', 'exp'] };
    if (config.mode === 'jwks') {
      const keys = createRemoteJWKSet(config.jwksUrl);
      this.verify = async (token) => (await jwtVerify(token, keys, { ...claims, algorithms: JWKS_ALGORITHMS })).payload;
    } else {
      // Imported once: jose would otherwise import the raw secret into WebCrypto on every request.
      const key = webcrypto.subtle.importKey('raw', config.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      this.verify = async (token) => (await jwtVerify(token, await key, { ...claims, algorithms: HS_ALGORITHMS })).payload;
    }
  }

  /** The caller behind an `Authorization` header; null without one; throws for a bad token. */
  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = BEARER.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>".');
    const cached = this.verified.get(match[1]);
    if (cached && cached.until > Date.now()) return cached.caller;
    const { caller, expiresAt } = await this.verifyToken(match[1]);
    if (this.verified.size >= CACHE_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(match[1], { caller, until: Math.min(expiresAt, Date.now() + CACHE_MS) });
    return caller;
  }

  private async verifyToken(token: string): Promise<{ caller: Caller; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      payload = await this.verify(token);
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
    const userId = payload.sub;
    if (typeof userId !== 'string' || userId.length === 0 || userId.length > 128) {
      throw new UnauthenticatedError('The bearer token has no usable subject.');
    }
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    const caller: Caller = Object.freeze({ userId, isAdmin: roles.includes('admin') });
    return { caller, expiresAt: (payload.exp ?? 0) * 1000 };
  }

  /** Signs a token with the HS256 (or dev) secret: for dev mode, the CLI and tests. */
  async issueToken(userId: string, options: { roles?: string[]; expiresIn?: string } = {}): Promise<string> {
    if (this.config.mode === 'jwks') throw new Error('tokens are issued by the identity provider when AUTH_JWKS_URL is set');
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
