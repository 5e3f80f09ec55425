'use strict';
// A large, deterministic threads table for the search bench: the same rows on both engines.
//
// Titles are 3 to 5 words drawn from a vocabulary of 2,000 made-up words with Zipf's law (rank r
// is drawn with probability proportional to 1/r), as words of real titles are: the first word is
// in about 40% of the titles, the 1,500th in about 1 in 3,000. Owners: HEAVY owns 10,000 threads,
// the rest go to 9,900 users of about 100 each (TYPICAL is one of them). 30% of the threads have
// no project, the others one of 20 per owner. Created over the two years before now, updated up
// to 30 days later; 1% are in the trash.
const Database = require('better-sqlite3');
const { Client } = require('pg');
const { uuidv7 } = require('uuidv7');

const HEAVY = 'bench-heavy';
const TYPICAL = 'user-00042';
const HEAVY_THREADS = 10_000;
const USERS = 9_900;
const VOCABULARY = 2_000;
const DAY = 86_400_000;
const BATCH = 5_000;

/** mulberry32: a small seeded PRNG, so every run (and both engines) get the same rows. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Made-up words of two or three syllables, distinct, in rank order. */
function vocabulary() {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'st', 'tr', 'pl'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const next = random(7);
  const words = new Set();
  while (words.size < VOCABULARY) {
    const syllables = 2 + Math.floor(next() * 2);
    let word = '';
    for (let i = 0; i < syllables; i += 1)
      word += onsets[Math.floor(next() * onsets.length)] + vowels[Math.floor(next() * vowels.length)];
    words.add(word);
  }
  return [...words];
}

/** Draws a rank (0-based) with probability proportional to 1/(rank + 1). */
function zipf(next, size) {
  const cumulative = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank += 1) {
    total += 1 / rank;
    cumulative.push(total);
  }
  return () => {
    const target = next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** `count` thread rows, a batch at a time: `{ id, title, projectId, userId, createdAt, updatedAt, deletedAt, restoreUntil }`. */
function* threadBatches(count) {
  const words = vocabulary();
  const next = random(42);
  const rank = zipf(next, words.length);
  const now = Date.now();
  const restoreUntil = new Date(now + 30 * DAY);
  const heavy = Math.min(HEAVY_THREADS, count);
  let batch = [];
  for (let index = 0; index < count; index += 1) {
    const owner = index < heavy ? HEAVY : `user-${String(index % USERS).padStart(5, '0')}`;
    const length = 3 + Math.floor(next() * 3);
    const title = Array.from({ length }, () => words[rank()]).join(' ');
    const createdAt = now - Math.floor(next() * 730 * DAY);
    const updatedAt = Math.min(now, createdAt + Math.floor(next() * 30 * DAY));
    const deleted = next() < 0.01;
    batch.push({
      id: uuidv7(),
      title: title.charAt(0).toUpperCase() + title.slice(1),
      projectId: next() < 0.3 ? null : `project-${Math.floor(next() * 20)}`,
      userId: owner,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      deletedAt: deleted ? new Date(updatedAt) : null,
      restoreUntil: deleted ? restoreUntil : null,
    });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** SQLite stores times as TypeORM writes them: `YYYY-MM-DD HH:MM:SS.SSS`, UTC. */
const sqliteTime = (date) => (date ? date.toISOString().replace('T', ' ').replace('Z', '') : null);

/** Inserts `count` rows into `threads` of the bench database at `url`, with the raw driver. */
async function seedSearchThreads(kind, url, count) {
  if (kind === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length));
    const insert = db.prepare(
      'INSERT INTO threads (id, title, project_id, conversation_id, user_id, created_at, updated_at, deleted_at, ' +
        'deleted_by, restore_until) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)',
    );
    const insertAll = db.transaction((rows) => {
      for (const row of rows) {
        insert.run(
          row.id,
          row.title,
          row.projectId,
          row.userId,
          sqliteTime(row.createdAt),
          sqliteTime(row.updatedAt),
          sqliteTime(row.deletedAt),
          row.deletedAt ? row.userId : null,
          sqliteTime(row.restoreUntil),
        );
      }
    });
    for (const batch of threadBatches(count)) insertAll(batch);
    db.close();
    return;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const batch of threadBatches(count)) {
      const column = (name) => batch.map((row) => row[name]);
      await client.query(
        `INSERT INTO threads (id, title, project_id, user_id, created_at, updated_at, deleted_at, deleted_by, restore_until)
         SELECT id, title, project_id, user_id, created_at, updated_at, deleted_at,
                CASE WHEN deleted_at IS NULL THEN NULL ELSE user_id END, restore_until
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::timestamptz[],
                     $7::timestamptz[], $8::timestamptz[])
              AS t(id, title, project_id, user_id, created_at, updated_at, deleted_at, restore_until)`,
        [
          column('id'),
          column('title'),
          column('projectId'),
          column('userId'),
          column('createdAt'),
          column('updatedAt'),
          column('deletedAt'),
          column('restoreUntil'),
        ],
      );
    }
  } finally {
    await client.end();
  }
}

module.exports = { HEAVY, TYPICAL, seedSearchThreads, vocabulary };
