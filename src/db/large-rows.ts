import { type EntityManager, QueryFailedError } from 'typeorm';

/** The part of node-postgres's client this module uses: a query with a callback. */
interface CallbackClient {
  query(
    sql: string,
    parameters: readonly unknown[],
    callback: (error: Error | null, result: { rows: Record<string, unknown>[] }) => void,
  ): void;
}

/**
 * PostgreSQL: the rows of one parameterized statement on the connection of `manager`'s query runner
 * (a `Database.read` gives each work one), asked through node-postgres's callback API instead of
 * TypeORM's `query`, which uses its promise API. For reads whose rows are large, such as a backup's
 * pages of about 64 KiB of JSON each: with the promise API, every page stayed reachable from the
 * previous one in V8's young generation, so each collection during a backup copied and promoted the
 * last few megabytes of pages (a 300,000-message backup promoted 51 MB into the old generation, and
 * its scavenges paused the event loop for 186 ms in all, about 10 ms each); with the callback, 3 MB
 * and 29 ms. A failure is a `QueryFailedError` carrying the driver's error, as TypeORM reports it.
 */
export async function queryLargeRows(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<Record<string, unknown>[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('queryLargeRows needs the manager of a query runner (Database.read gives one)');
  const client = (await runner.connect()) as CallbackClient;
  return new Promise((resolve, reject) => {
    client.query(sql, parameters, (error, result) => {
      if (error) reject(new QueryFailedError(sql, [...parameters], error));
      else resolve(result.rows);
    });
  });
}
