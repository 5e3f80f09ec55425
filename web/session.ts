/** Where the bearer token lives: this tab's sessionStorage only (never localStorage, never a URL). */
const TOKEN_KEY = 'threads-app:token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A pasted token without its `Bearer ` prefix and surrounding space, or null when it is not a JWT's shape. */
export function cleanToken(input: string): string | null {
  const token = input.trim().replace(/^bearer\s+/i, '');
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? token : null;
}

/**
 * When the token stops being valid (its `exp`, read from the payload without checking the
 * signature: the server checks that), or null when it has none. Only used to sign out on time.
 */
export function tokenExpiry(token: string): Date | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}

/** What `/web/config.json` answers (src/web/web-app.route.ts). */
export interface WebAppConfig {
  readonly devToken: string | null;
  readonly liveUpdates: boolean;
}

export async function loadConfig(): Promise<WebAppConfig> {
  try {
    const response = await fetch('/web/config.json', { headers: { accept: 'application/json' } });
    if (response.ok) return (await response.json()) as WebAppConfig;
  } catch {
    // The app still works without it: no dev sign-in, no live updates.
  }
  return { devToken: null, liveUpdates: false };
}
