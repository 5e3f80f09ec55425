import type { MigrationInterface, QueryRunner } from 'typeorm';
import { COUNT_ADDED_MESSAGES } from './1764510000000-message-counts.js';

/**
 * The message-count trigger (1764510000000) with a plan that cannot go stale. Its one UPDATE
 * joined the statement's transition table to `threads`, and PL/pgSQL planned that join once per
 * session, for the size of the first insert's table: after a session's first insert was a bulk one
 * (an import, a seed), every later insert on that connection, one message included, scanned the
 * whole `threads` table (4 ms at 24,000 threads instead of 0.4; a PostgreSQL bench that seeded a
 * big thread first took 25 minutes to seed the rest).
 *
 * Now the transition table is grouped by thread and each thread is updated by its primary key: a
 * plan whose shape does not depend on any size, one index lookup per thread the statement touched.
 * In the threads' id order, so two statements adding messages to the same threads lock them in the
 * same order and cannot deadlock on each other.
 * SQLite's row trigger already updates by primary key.
 */
export class MessageCountPlan1764520000000 implements MigrationInterface {
  name = 'MessageCountPlan1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ctg_count_added_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        added record;
      BEGIN
        FOR added IN SELECT thread_id, count(*)::integer AS n FROM ctg_added_messages GROUP BY thread_id ORDER BY thread_id LOOP
          UPDATE threads SET message_count = message_count + added.n WHERE id = added.thread_id;
        END LOOP;
        RETURN NULL;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`CREATE OR REPLACE ${COUNT_ADDED_MESSAGES}`);
  }
}
