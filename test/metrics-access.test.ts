import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const METRICS_TOKEN = 'scrape-me-with-this-token-0123456789';

/** `GET /metrics` with the given headers: status, the headers that matter and the body. */
async function scrape(
  t: TestApp,
  headers: Record<string, string> = {},
): Promise<{ status: number; challenge: string | null; body: string }> {
  const response = await fetch(`${t.url}/metrics`, { headers });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.text() };
}

describe('/metrics access', () => {
  describe('when METRICS_TOKEN is set', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp('sqlite', { METRICS_TOKEN });
    });
    afterAll(async () => {
      await t?.close();
    });

    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer scrape-me-with-this-token-0123456780' }],
      ['a longer token that starts with the right one', { authorization: `Bearer ${METRICS_TOKEN}x` }],
      ['the token under another scheme', { authorization: `Basic ${METRICS_TOKEN}` }],
    ])(
      'when the scraper sends %s, then it answers 401 {"detail":"Not authenticated"} with WWW-Authenticate: Bearer',
      async (_name, headers) => {
        const response = await scrape(t, headers);

        expect(response).toEqual({ status: 401, challenge: 'Bearer', body: '{"detail":"Not authenticated"}' });
      },
    );

    it('when the scraper sends the token, then it gets the metrics', async () => {
      const response = await scrape(t, { authorization: `bearer ${METRICS_TOKEN}` });

      expect(response.status).toBe(200);
      expect(response.body).toMatch(/^process_resident_memory_bytes \d+/m);
    });
  });

  describe('in production', () => {
    let closed: TestApp;
    let guarded: TestApp;

    beforeAll(async () => {
      closed = await startTestApp('sqlite', { NODE_ENV: 'production' });
      guarded = await startTestApp('sqlite', { NODE_ENV: 'production', METRICS_TOKEN });
    });
    afterAll(async () => {
      await closed?.close();
      await guarded?.close();
    });

    it('when METRICS_TOKEN is not set, then /metrics answers 404 {"detail":"Not Found"}', async () => {
      const response = await scrape(closed);

      expect(response).toEqual({ status: 404, challenge: null, body: '{"detail":"Not Found"}' });
    });

    it('when METRICS_TOKEN is set, then the token opens it and nothing else does', async () => {
      expect((await scrape(guarded)).status).toBe(401);
      expect((await scrape(guarded, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    });
  });

  describe('outside production without METRICS_TOKEN', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp('sqlite');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('when anyone asks, then the metrics are served', async () => {
      const response = await scrape(t);

      expect(response.status).toBe(200);
      expect(response.body).toMatch(/^process_resident_memory_bytes \d+/m);
    });
  });
});
