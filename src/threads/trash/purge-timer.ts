import type { Logger } from '../../logger.js';
import type { ThreadPurgeService } from './thread-purge.service.js';

/**
 * Runs the purger (expired threads, then expired backups) now and then every `minutes` (never two runs at once);
 * returns a stop function.
 */
export function startPurgeTimer(purger: ThreadPurgeService, minutes: number, logger: Logger): () => Promise<void> {
  if (minutes <= 0) return async () => undefined;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = purger
      .purge()
      .catch((error: unknown) => logger.warn({ err: error }, 'purge failed; will retry at the next interval'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
