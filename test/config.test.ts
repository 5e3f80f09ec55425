import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 's'.repeat(32);

describe('configuration', () => {
  it('when nothing is set, then it runs in dev mode on the SQLite file with the documented defaults', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      nodeEnv: 'development',
      appEnv: 'development',
      region: 'local',
      apiVersion: 'v1',
      softDeleteRetentionDays: 30,
      logLevel: 'info',
      introspection: true,
      playground: true,
      demoData: true,
    });
    expect(config.database).toMatchObject({ kind: 'sqlite', url: 'sqlite:data/threads.db' });
    expect(config.database.sqlitePath).toMatch(/data\/threads\.db$/);
    expect(config.auth.mode).toBe('dev');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when NODE_ENV is production without auth, then it refuses to start with one clear line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL'),
    );
  });

  it('when NODE_ENV is production with a secret, then introspection, playground and demo data are off unless forced', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET });
    const forced = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: SECRET,
      GRAPHQL_INTROSPECTION: 'true',
      GRAPHQL_PLAYGROUND: 'true',
    });

    expect(config).toMatchObject({ isProduction: true, introspection: false, playground: false, demoData: false });
    expect(forced).toMatchObject({ introspection: true, playground: true });
  });

  it.each([
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 bytes long'],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://idp.example/jwks' },
      'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both',
    ],
    [{ AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL is not a valid URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with sqlite: or postgres://'],
    [
      { DATABASE_URL: 'sqlite:' },
      'DATABASE_URL "sqlite:" needs a path, e.g. sqlite:data/threads.db or sqlite::memory:',
    ],
    [{ PORT: 'eighty' }, 'PORT must be an integer from 0 to 65535, got "eighty"'],
    [{ SOFT_DELETE_RETENTION_DAYS: '-1' }, 'SOFT_DELETE_RETENTION_DAYS must be an integer from 0 to 36500, got "-1"'],
    [{ GRAPHQL_PLAYGROUND: 'maybe' }, 'GRAPHQL_PLAYGROUND must be true or false, got "maybe"'],
    [{ DB_POOL_SIZE: '1' }, 'DB_POOL_SIZE must be an integer from 2 to 1000, got "1"'],
    [{ PURGE_INTERVAL_MINUTES: '40000' }, 'PURGE_INTERVAL_MINUTES must be a number from 0 to 35791, got "40000"'],
    [
      { CORS_ORIGINS: 'https://ok.example, *' },
      'CORS_ORIGINS entries must be origins like https://app.example.com, got "*"',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [
      { REST_SUNSET_DATE: 'next summer' },
      'REST_SUNSET_DATE must be a date like 2027-06-30 or 2027-06-30T00:00:00Z, got "next summer"',
    ],
    [
      { REST_DEPRECATION_DATE: '2027-02-30' },
      'REST_DEPRECATION_DATE must be a date like 2027-06-30 or 2027-06-30T00:00:00Z, got "2027-02-30"',
    ],
    [
      { REST_SUNSET_DATE: '2027-06-30T12:00:00' },
      'REST_SUNSET_DATE must be a date like 2027-06-30 or 2027-06-30T00:00:00Z, got "2027-06-30T12:00:00"',
    ],
    [
      { REST_DEPRECATION_DATE: '2027-01-01', REST_SUNSET_DATE: '2026-12-31' },
      'REST_SUNSET_DATE must not be earlier than REST_DEPRECATION_DATE',
    ],
  ])('when the environment is %j, then it stops with "%s"', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('when the REST dates are not set, then the route is deprecated since 2026-11-29 with no sunset; when set, they are read as UTC instants', () => {
    const unset = loadConfig({});
    const set = loadConfig({ REST_DEPRECATION_DATE: '2027-01-01', REST_SUNSET_DATE: '2027-06-30T23:59:59.9-01:00' });

    expect(unset.legacyRest).toEqual({ deprecatedAtSeconds: Date.UTC(2026, 10, 29) / 1000, sunsetAtSeconds: null });
    expect(set.legacyRest).toEqual({
      deprecatedAtSeconds: Date.UTC(2027, 0, 1) / 1000,
      sunsetAtSeconds: Date.UTC(2027, 6, 1, 0, 59, 59) / 1000,
    });
  });

  it('when DATABASE_URL is a postgres URL, then the pool settings come along', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/chat',
      DB_POOL_SIZE: '25',
      AUTH_JWT_SECRET: SECRET,
    });

    expect(config.database).toMatchObject({ kind: 'postgres', poolSize: 25 });
    expect(config.demoData).toBe(false);
  });

  it('when the lock timeout is not set, then it is 5 s or half the statement timeout, whichever is less; 0 leaves the database its own', () => {
    const lockTimeout = (env: Record<string, string>) =>
      loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/chat', AUTH_JWT_SECRET: SECRET, ...env }).database
        .lockTimeoutMs;

    expect(lockTimeout({})).toBe(5000);
    expect(lockTimeout({ DB_STATEMENT_TIMEOUT_MS: '1000' })).toBe(500);
    expect(lockTimeout({ DB_STATEMENT_TIMEOUT_MS: '1000', DB_LOCK_TIMEOUT_MS: '0' })).toBe(0);
    expect(lockTimeout({ DB_LOCK_TIMEOUT_MS: '750' })).toBe(750);
  });
});
