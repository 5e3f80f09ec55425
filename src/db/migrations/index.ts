import { InitialSchema1764430000000 } from './1764430000000-initial-schema.js';
import { DeleteThreadFunction1764440000000 } from './1764440000000-delete-thread-function.js';
import { DeleteThreadsBatchFunction1764450000000 } from './1764450000000-delete-threads-batch-function.js';
import { ThreadBackups1764460000000 } from './1764460000000-thread-backups.js';
import { Tombstones1764470000000 } from './1764470000000-tombstones.js';
import { BigDeletesLeaveBatches1764475000000 } from './1764475000000-big-deletes-leave-batches.js';
import { ThreadSearch1764480000000 } from './1764480000000-thread-search.js';
import { ThreadEvents1764490000000 } from './1764490000000-thread-events.js';
import { CountOnOneCore1764500000000 } from './1764500000000-count-on-one-core.js';
import { MessageCounts1764510000000 } from './1764510000000-message-counts.js';
import { MessageCountPlan1764520000000 } from './1764520000000-message-count-plan.js';
import { ReclaimStepFunction1764530000000 } from './1764530000000-reclaim-step-function.js';

/** Every migration, oldest first; the DataSource runs them at start-up and in `npm run migrate`. */
export const MIGRATIONS = [
  InitialSchema1764430000000,
  DeleteThreadFunction1764440000000,
  DeleteThreadsBatchFunction1764450000000,
  ThreadBackups1764460000000,
  Tombstones1764470000000,
  BigDeletesLeaveBatches1764475000000,
  ThreadSearch1764480000000,
  ThreadEvents1764490000000,
  CountOnOneCore1764500000000,
  MessageCounts1764510000000,
  MessageCountPlan1764520000000,
  ReclaimStepFunction1764530000000,
];
