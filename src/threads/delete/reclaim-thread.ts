import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WriterGate } from '../../db/writer-gate.js';
import { PACKAGE_ROOT } from '../../paths.js';
import type { ReclaimDrainRequest, ReclaimWorkerReport, ReclaimWorkerSetup, ReportedError } from './reclaim-worker.js';

/** The thread's code, built (`npm run build`; the tests build first too), as `BackupWorkers` has it. */
const WORKER_FILE = path.join(PACKAGE_ROOT, 'dist', 'src', 'threads', 'delete', 'reclaim-worker.js');

/**
 * The thread's heap, at most: it holds three prepared statements and a step's result. A thread
 * that runs out ends; its drain fails and the next one runs on the event loop.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 };

/** A step the thread took, or a failure it met (`ThreadReclaimer` counts and logs them). */
export type ReclaimThreadEvent = Exclude<ReclaimWorkerReport, { kind: 'done' }>;

/** An error the thread reported, with its name, message and code again. */
export class ReclaimThreadError extends Error {
  readonly code: string | null;

  constructor(reported: ReportedError) {
    super(reported.message);
    this.name = reported.name;
    this.code = reported.code;
  }
}

/**
 * SQLite's reclaim steps on a worker thread (`reclaim-worker.ts`), for the server. On the event
 * loop a step held the process for its 4 ms, and the steps had to rest as long again between them
 * whenever requests came in, or the requests would wait for the CPU: a big thread went at about
 * half a raw DELETE's speed at best. On a thread of its own a step uses another core, and the
 * requests wait only when a write of theirs comes during a step (`WriterGate`).
 */
export class SqliteReclaimThread {
  private draining: Promise<unknown> = Promise.resolve();
  private ended = false;
  /** What ended the thread, if an error did (out of memory, a file it could not open). */
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly gate: WriterGate,
  ) {
    worker.once('exit', () => {
      this.ended = true;
      // A thread that died mid-step holds up no write of the gateway's.
      gate.release();
    });
    // An error ends the thread: 'exit' follows, and the drain in progress fails with it.
    worker.on('error', (error) => {
      this.failure = error;
    });
  }

  /**
   * Starts the thread on the SQLite `file`, sharing `gate` with the gateway's writes; null where it
   * cannot run (an in-memory database, a build without the thread's code): the steps then stay on
   * the event loop.
   */
  static start(
    setup: Omit<ReclaimWorkerSetup, 'gate'> & { readonly gate: WriterGate | null },
  ): SqliteReclaimThread | null {
    const { gate, file } = setup;
    if (!gate || file === ':memory:' || !existsSync(WORKER_FILE)) return null;
    gate.reopen();
    const workerData: ReclaimWorkerSetup = { ...setup, gate: gate.buffer };
    const worker = new Worker(WORKER_FILE, { workerData, resourceLimits: WORKER_LIMITS });
    worker.unref();
    return new SqliteReclaimThread(worker, gate);
  }

  /** Whether the thread is still there to drain (false once it stopped or died). */
  get running(): boolean {
    return !this.ended && !this.gate.stopping;
  }

  /**
   * One drain on the thread: steps until no tombstone (but those in `skip`) is left or `stop()`;
   * `onEvent` hears each step and each failed tombstone as they happen. Rejects if the claim itself
   * failed (`ReclaimThreadError`) or the thread ended mid-drain.
   */
  drain(skip: readonly string[], onEvent: (event: ReclaimThreadEvent) => void): Promise<void> {
    const run = this.draining.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.ended) {
            reject(new Error('the reclaim thread has ended'));
            return;
          }
          const settle = (error: Error | null) => {
            this.worker.off('message', onMessage);
            this.worker.off('exit', onExit);
            this.worker.unref();
            if (error) reject(error);
            else resolve();
          };
          const onMessage = (report: ReclaimWorkerReport) => {
            if (report.kind !== 'done') onEvent(report);
            else settle(report.error ? new ReclaimThreadError(report.error) : null);
          };
          const onExit = () => settle(new Error('the reclaim thread ended mid-drain', { cause: this.failure }));
          this.worker.on('message', onMessage);
          this.worker.once('exit', onExit);
          // Referenced while it drains: a process with nothing else to do waits for the drain.
          this.worker.ref();
          const request: ReclaimDrainRequest = { skip };
          this.worker.postMessage(request);
        }),
    );
    this.draining = run.catch(() => undefined);
    return run;
  }

  /** Ends the thread after the step in progress, which commits or rolls back whole. */
  async stop(): Promise<void> {
    this.gate.stop();
    await this.draining;
    if (this.ended) return;
    this.worker.ref();
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('stop');
    await exited;
  }
}
