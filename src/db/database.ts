import { Mutex } from 'async-mutex';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource } from '../../ormconfig.js';
import type { DatabaseConfig } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { asDomainError, isUnavailable } from './db-errors.js';
import { SqliteCheckpoints } from './sqlite-checkpoints.js';
import type { Outcome } from './turn-batcher.js';
import { WriterGate } from './writer-gate.js';

const MIGRATION_LOCK = 'chat-thread-gateway:migrations';

/**
 * Resolves after the requests that arrived meanwhile had their turn: a timer, so the event loop
 * polls for I/O first (a `setImmediate` would run before the requests read in that poll reach the
 * database). Long work split into steps (the reclaimer, a count in steps) calls it between steps:
 * on SQLite, whose statements block the event loop, a waiting request then goes before the next step.
 */
export const giveWay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A batch of synchronous units in one SQLite write transaction (`Database.inSqliteStatements`). */
type SqliteBatch = (works: readonly (() => unknown)[]) => Outcome<unknown>[];

/**
 * Runs a batch in one write transaction (BEGIN IMMEDIATE ... COMMIT, better-sqlite3's transaction
 * functions), optimistically: first every unit straight in the transaction, which is all a batch
 * needs when nothing fails. If a unit throws (and SQLite has not rolled the transaction back
 * itself), that attempt is rolled back whole (its announcements rewound) and the batch runs again
 * with each unit in a SAVEPOINT of its own, so that only the unit that failed is undone and gets
 * its error, and the others commit. A failed BEGIN (the write lock's busy timeout) or COMMIT is
 * not run again: the whole batch fails, once. A savepoint per unit on every batch cost two more
 * statements and a journal copy of every page each unit changes (about 0.01 ms of CPU per small
 * delete, 3% of a GraphQL delete's), for a failure that almost never happens; a failure costs its
 * batch a second run. A batch of one unit has no savepoint either way: if it throws, the
 * transaction rolls back and the error is thrown.
 */
function sqliteBatchOf(
  connection: BetterSqlite3.Database,
  announced: { mark(): number; rewind(to: number): void },
): SqliteBatch {
  /** Whether the last `together` run stopped because a unit threw inside a transaction still open. */
  let unitThrew = false;
  const together = connection.transaction((works: readonly (() => unknown)[]): Outcome<unknown>[] =>
    works.map((work) => {
      try {
        return { ok: true, value: work() };
      } catch (error) {
        unitThrew = connection.inTransaction;
        throw error;
      }
    }),
  );
  const inSavepoint = connection.transaction((work: () => unknown) => work());
  const apart = connection.transaction((works: readonly (() => unknown)[]): Outcome<unknown>[] =>
    works.map((work) => {
      const mark = announced.mark();
      try {
        return { ok: true, value: inSavepoint(work) };
      } catch (error) {
        announced.rewind(mark);
        // SQLite rolled the whole transaction back itself (a full disk...): nothing of the batch stands,
        // and the next units must not run on their own, outside any transaction.
        if (!connection.inTransaction) throw error;
        return { ok: false, error: asDomainError(error) };
      }
    }),
  );
  return (works) => {
    const mark = announced.mark();
    unitThrew = false;
    try {
      return together.immediate(works);
    } catch (error) {
      announced.rewind(mark);
      if (works.length === 1 || !unitThrew) throw error;
      return apart.immediate(works);
    }
  };
}

/** Hears what `Database.announce` sent, once the transaction that sent it committed. */
export type CommittedListener = (channel: string, payload: string) => void;

/**
 * The gateway's handle on its database: transactions, reads, health and shutdown.
 *
 * better-sqlite3 gives TypeORM one connection, so two interleaved transactions would nest
 * into one another. On SQLite every unit of work therefore runs alone, behind a mutex; it
 * costs little because each statement is synchronous anyway. PostgreSQL uses its pool.
 */
export class Database {
  private readonly sqliteLock: Mutex | null;
  /** SQLite: what the transaction in progress announced, heard by the listeners once it commits. */
  private pending: { channel: string; payload: string }[] = [];
  private readonly committedListeners = new Set<CommittedListener>();
  /** SQLite: whether anyone in this process listens (so announcing is worth its work). */
  private audience: () => boolean = () => false;
  /** SQLite, in the server: the thread that checkpoints the write-ahead log (`startCheckpoints`). */
  private checkpoints: SqliteCheckpoints | null = null;
  /**
   * SQLite: shares the writer with the thread that reclaims deleted threads (`SqliteReclaimThread`),
   * if one runs: every write of this connection goes through it, reads do not.
   */
  readonly writerGate: WriterGate | null;

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseConfig['kind'],
    /** The most messages one delete transaction removes (DELETE_CHUNK_MESSAGES). */
    readonly chunkMessages = 2000,
  ) {
    this.sqliteLock = kind === 'sqlite' ? new Mutex() : null;
    this.writerGate = kind === 'sqlite' ? new WriterGate() : null;
  }

  /** Connects without touching the schema. */
  static async connect(config: DatabaseConfig): Promise<Database> {
    const dataSource = createDataSource(config);
    try {
      await dataSource.initialize();
    } catch (error) {
      throw isUnavailable(error) ? new ServiceUnavailableError({ cause: error }) : error;
    }
    return new Database(dataSource, config.kind, config.chunkMessages);
  }

  /** Connects and brings the schema up to date. */
  static async open(config: DatabaseConfig): Promise<Database> {
    const db = await Database.connect(config);
    const { dataSource } = db;
    try {
      await db.migrate();
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return db;
  }

  /** Runs pending migrations; on PostgreSQL under an advisory lock, so replicas can start together. */
  async migrate(): Promise<string[]> {
    if (this.kind === 'sqlite') {
      return this.exclusive(async () => {
        // A migration may index or rewrite a whole table: its sorts and journals go to temporary
        // files as SQLite's default has them, not into memory (`temp_store=MEMORY`, ormconfig.ts).
        await this.dataSource.query('PRAGMA temp_store = DEFAULT');
        try {
          return (await this.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
        } finally {
          await this.dataSource.query('PRAGMA temp_store = MEMORY');
        }
      });
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      // Another replica may be migrating for longer than DB_LOCK_TIMEOUT_MS: wait for it, however long.
      await runner.query('SET lock_timeout = 0');
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
      return (await this.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.query('RESET lock_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Announces each payload on `channel` as part of the transaction `manager` belongs to, so that
   * only a commit announces it, once. PostgreSQL: `pg_notify` in the transaction (every session
   * that LISTENs, in every replica, hears it after the commit, in commit order). SQLite: kept
   * until this process's transaction commits (dropped if it rolls back), then handed to
   * `onCommitted` listeners in commit order.
   */
  async announce(manager: EntityManager, channel: string, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    if (this.kind === 'sqlite') {
      this.announceInProcess(channel, payloads);
    } else if (payloads.length === 1) {
      await manager.query('SELECT pg_notify($1, $2)', [channel, payloads[0]]);
    } else {
      // One round trip for a batch (the purger's), in the given order.
      await manager.query(
        'SELECT pg_notify($1, p.payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY p.n',
        [channel, payloads],
      );
    }
  }

  /**
   * SQLite: `announce` for the synchronous units of `inSqliteStatements` (no manager, no await):
   * kept until the transaction in progress commits, dropped if its unit or the transaction rolls back.
   */
  announceInProcess(channel: string, payloads: readonly string[]): void {
    if (this.kind !== 'sqlite') throw new Error('announceInProcess is for SQLite; PostgreSQL announces with pg_notify');
    for (const payload of payloads) this.pending.push({ channel, payload });
  }

  /**
   * True when an announcement may be heard: always on PostgreSQL (another replica may listen);
   * on SQLite only while someone in this process listens, so that no one pays for events nobody reads.
   */
  get announcing(): boolean {
    return this.kind === 'postgres' || this.audience();
  }

  /**
   * SQLite: calls `listener` with what each transaction announced, right after its commit.
   * `audience` tells whether announcing is worth doing now. (PostgreSQL: LISTEN instead.)
   */
  onCommitted(listener: CommittedListener, audience: () => boolean): () => void {
    this.committedListeners.add(listener);
    this.audience = audience;
    return () => {
      this.committedListeners.delete(listener);
      this.audience = () => false;
    };
  }

  /** Hands what committed to the listeners (SQLite). A listener that throws does not stop the others. */
  private publishCommitted(): void {
    const committed = this.pending;
    if (committed.length === 0) return;
    this.pending = [];
    for (const { channel, payload } of committed)
      for (const listener of this.committedListeners) {
        try {
          listener(channel, payload);
        } catch {
          // A listener's failure is its own; the commit stands.
        }
      }
  }

  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.exclusive(() => this.dataSource.transaction(work));
    return this.writing(() => this.sqliteImmediateTransaction(work));
  }

  /**
   * TypeORM opens SQLite transactions with a deferred BEGIN: a transaction that reads and then
   * writes while another process (npm run purge, npm run seed) committed fails with
   * SQLITE_BUSY_SNAPSHOT instead of waiting. BEGIN IMMEDIATE takes the write lock up front, so
   * the busy timeout applies. The mutex guarantees nothing else uses the connection meanwhile.
   */
  private async sqliteImmediateTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.query('BEGIN IMMEDIATE');
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      this.publishCommitted();
      return result;
    } catch (error) {
      this.pending = [];
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * SQLite: better-sqlite3's own connection, the one TypeORM's driver holds, for a store that runs
   * its hot path on prepared statements (`inSqliteStatements`). Use it only inside that method,
   * which holds the process's lock.
   */
  get sqliteConnection(): BetterSqlite3.Database {
    if (this.kind !== 'sqlite') throw new Error('sqliteConnection is for SQLite');
    return (this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  }

  /**
   * SQLite's group commit, for a store that batches its units (see `TurnBatcher`): one write
   * transaction for `works`, under the process's lock: BEGIN IMMEDIATE, the units, one COMMIT. A
   * unit that fails is rolled back alone and gets its error (the batch runs again with each unit in
   * a SAVEPOINT: `sqliteBatchOf`); a batch of one unit that fails rolls back whole. Units may
   * therefore run twice: they must not act outside the transaction except through `announce`,
   * which is rewound with them. The outcomes come back only after that COMMIT, so an ok unit is a
   * committed one, and if the COMMIT fails every unit fails and nothing of the batch is kept. Never
   * throws: every unit gets an outcome. What a unit announced (`announce`) is heard after the
   * COMMIT, unless that unit was rolled back.
   *
   * The units are synchronous and run better-sqlite3's prepared statements (`sqliteConnection`),
   * without TypeORM's query runner in the way: it cost a third of a small delete's CPU.
   */
  inSqliteStatements<T>(works: readonly (() => T)[]): Promise<Outcome<T>[]> {
    if (this.kind !== 'sqlite') throw new Error('inSqliteStatements is for SQLite');
    return this.writing(async () => {
      this.sqliteBatch ??= sqliteBatchOf(this.sqliteConnection, {
        mark: () => this.pending.length,
        rewind: (to) => {
          // What the rolled-back unit announced never happened.
          this.pending.length = to;
        },
      });
      try {
        const outcomes = this.sqliteBatch(works) as Outcome<T>[];
        this.publishCommitted();
        return outcomes;
      } catch (error) {
        this.pending = [];
        return works.map(() => ({ ok: false, error: asDomainError(error) }));
      }
    });
  }

  private sqliteBatch: SqliteBatch | null = null;

  /** Runs one statement outside an explicit transaction: the statement is its own transaction. */
  execute<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.read(work);
    return this.writing(() => work(this.dataSource.manager));
  }

  /** Runs reads outside a transaction (on SQLite, never in the middle of someone else's). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() =>
      this.kind === 'postgres' ? this.onOwnConnection(work) : work(this.dataSource.manager),
    );
  }

  /**
   * SQLite: runs a write under the process's lock once no reclaim step holds the writer; counted
   * from the moment it is asked for, so that no step starts while it queues (`WriterGate`).
   */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    const gate = this.writerGate;
    if (!gate) return this.exclusive(write);
    gate.enter();
    try {
      return await this.exclusive(async () => {
        await gate.noStep();
        return write();
      });
    } finally {
      gate.leave();
    }
  }

  /**
   * PostgreSQL work on a connection of its own. If the server cuts the connection mid-statement
   * (restart, pg_terminate_backend), TypeORM would hand the dead client back to the pool and the
   * next request would fail on it; ending it first makes the pool drop it.
   */
  private async onOwnConnection<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } catch (error) {
      if (isUnavailable(error))
        await runner
          .connect()
          .then((client: { end(): Promise<void> }) => client.end())
          .catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Resolves when the database answers a trivial query. */
  async ping(): Promise<void> {
    await this.read((manager) => manager.query('SELECT 1'));
  }

  /**
   * SQLite: checkpoints the write-ahead log on a thread of its own from now on, instead of in the
   * event loop's commits (`SqliteCheckpoints`). For the long-running server; a command that runs
   * for a moment leaves it to SQLite. `onFailure` hears a failed checkpoint.
   */
  startCheckpoints(onFailure: (error: unknown) => void): void {
    const file = this.dataSource.options.database;
    if (this.kind !== 'sqlite' || this.checkpoints || typeof file !== 'string' || file === ':memory:') return;
    this.checkpoints = SqliteCheckpoints.start(file, this.sqliteConnection, onFailure);
  }

  /** Holds the checkpoints (`startCheckpoints`) until the returned function is called; a no-op without them. */
  pauseCheckpoints(): Promise<() => Promise<void>> {
    return this.checkpoints?.pause() ?? Promise.resolve(async () => undefined);
  }

  async close(): Promise<void> {
    await this.checkpoints?.stop();
    this.checkpoints = null;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    try {
      return this.sqliteLock ? await this.sqliteLock.runExclusive(work) : await work();
    } catch (error) {
      throw asDomainError(error);
    }
  }
}
