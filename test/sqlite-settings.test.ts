import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app.js';

describe("the SQLite connection's settings (sqlite)", () => {
  const t = useTestApp('sqlite');

  it('when the app opens its database, then it writes ahead, syncs at checkpoints, and keeps temporary files in memory', async () => {
    const pragma = async (name: string) => Object.values((await t.app.db.dataSource.query(`PRAGMA ${name}`))[0])[0];

    expect(await pragma('journal_mode')).toBe('wal');
    // 1 is NORMAL: durable across a process crash, synced at checkpoints rather than at every commit.
    expect(await pragma('synchronous')).toBe(1);
    // 2 is MEMORY: a delete's statement journal and a batch's savepoint journals are never written to
    // a file in /var/tmp (about 40 writes per delete there: a third of the hot path's CPU).
    expect(await pragma('temp_store')).toBe(2);
  });
});
