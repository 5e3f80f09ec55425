import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.js';
import { useTestApp } from './support/test-app.js';

describe.each(DATABASE_KINDS)('health endpoints (%s)', (kind) => {
  const t = useTestApp(kind);

  it('when the process is up, then /healthz answers 200 without touching the database', async () => {
    const response = await t.rest('GET', '/healthz');

    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('when the database answers, then /readyz answers 200 and names it', async () => {
    const response = await t.rest('GET', '/readyz');

    expect(response).toMatchObject({ status: 200, body: { status: 'ready', database: kind } });
  });
});
