import type { MigrationInterface, QueryRunner } from 'typeorm';
import { batchFunction } from './1764475000000-big-deletes-leave-batches.js';
import { singleFunction } from './1764490000000-thread-events.js';

const SINGLE_SIGNATURE =
  'ctg_delete_thread(varchar, varchar, boolean, varchar, varchar, varchar, text, timestamptz, integer)';

/**
 * The statement trigger's function as this migration made it (1764520000000 replaces it): one
 * UPDATE joining the transition table, whose plan the session caches from its first insert.
 */
export const COUNT_ADDED_MESSAGES = `
        FUNCTION ctg_count_added_messages() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE threads SET message_count = threads.message_count + added.n
          FROM (SELECT thread_id, count(*)::integer AS n FROM ctg_added_messages GROUP BY thread_id) AS added
          WHERE threads.id = added.thread_id;
          RETURN NULL;
        END
        $$`;

/**
 * `threads.message_count`: the thread's messages, kept by the database as they are added, so that
 * no one counts them again. Before, every delete counted the thread's messages under its lock (330
 * ms for 500,000 on PostgreSQL, during which the thread's answer waited; on SQLite a census in
 * steps outside the lock, then a confirmation under it), and so did `addMessage`'s event, a soft
 * delete, a restore, a purge and every `Thread.messageCount`.
 *
 * The count rises with every insert into `messages`, whatever makes it (the gateway, an import,
 * `npm run seed`, a hand-written INSERT): a trigger on each engine, per statement on PostgreSQL
 * (its transition table: a bulk insert updates each thread once), per row on SQLite (which has no
 * statement triggers). It never falls: messages are only ever removed with their thread (the
 * cascade, or the reclaimer after the thread became a tombstone, whose count then stays the
 * number it was deleted with). Exact under the thread's row lock, which every insert of a message
 * takes through the trigger's update.
 *
 * On PostgreSQL `ctg_delete_thread` reads the column instead of counting, so a big thread is
 * tombstoned in constant time, in a batch like any other (`ctg_delete_threads` no longer leaves
 * big threads out); the small path still deletes the messages first and reports what it deleted.
 */
export class MessageCounts1764510000000 implements MigrationInterface {
  name = 'MessageCounts1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE threads ADD COLUMN message_count integer NOT NULL DEFAULT 0');
      await queryRunner.query(`CREATE ${COUNT_ADDED_MESSAGES}`);
      // The trigger first: from here on no insert runs until this transaction commits (CREATE TRIGGER
      // locks the table against writes), so the count below sees every message and misses none.
      await queryRunner.query(`
        CREATE TRIGGER ctg_messages_counted AFTER INSERT ON messages
        REFERENCING NEW TABLE AS ctg_added_messages
        FOR EACH STATEMENT EXECUTE FUNCTION ctg_count_added_messages()`);
      await queryRunner.query(`
        UPDATE threads SET message_count = counted.n
        FROM (SELECT thread_id, count(*)::integer AS n FROM messages GROUP BY thread_id) AS counted
        WHERE threads.id = counted.thread_id`);
      await queryRunner.query(deleteThreadFunction());
      await queryRunner.query(batchFunction(false));
      return;
    }
    await queryRunner.query('ALTER TABLE "threads" ADD COLUMN "message_count" integer NOT NULL DEFAULT (0)');
    await queryRunner.query(`
      CREATE TRIGGER ctg_messages_counted AFTER INSERT ON messages
      BEGIN
        UPDATE threads SET message_count = message_count + 1 WHERE id = NEW.thread_id;
      END`);
    await queryRunner.query(
      'UPDATE threads SET message_count = (SELECT COUNT(*) FROM messages WHERE messages.thread_id = threads.id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(batchFunction(true));
      await queryRunner.query(singleFunction(true));
      await queryRunner.query(`ALTER FUNCTION ${SINGLE_SIGNATURE} SET max_parallel_workers_per_gather = 0`);
      await queryRunner.query('DROP TRIGGER ctg_messages_counted ON messages');
      await queryRunner.query('DROP FUNCTION ctg_count_added_messages()');
      await queryRunner.query('ALTER TABLE threads DROP COLUMN message_count');
      return;
    }
    await queryRunner.query('DROP TRIGGER ctg_messages_counted');
    await queryRunner.query('ALTER TABLE "threads" DROP COLUMN "message_count"');
  }
}

/**
 * `ctg_delete_thread` as the thread-events migration (1764490000000) made it, but for the count: the
 * thread's `message_count`, read with its row lock, instead of a count of its messages. A thread of
 * more than `p_inline_max` messages becomes a tombstone for the reclaimer; a smaller one is deleted
 * here, its messages first, and reports how many the delete removed.
 */
function deleteThreadFunction(): string {
  return `
    CREATE OR REPLACE FUNCTION ctg_delete_thread(
      p_thread_id varchar, p_actor varchar, p_is_admin boolean, p_audit_id varchar,
      p_request_id varchar, p_trace_id varchar, p_reason text, p_at timestamptz, p_inline_max integer)
    RETURNS TABLE (
      o_id varchar, o_title varchar, o_project_id varchar, o_conversation_id varchar, o_user_id varchar,
      o_created_at timestamptz, o_updated_at timestamptz, o_message_count integer, o_tombstoned boolean)
    LANGUAGE plpgsql AS $$
    DECLARE
      target threads%ROWTYPE;
      counted integer;
      big boolean;
    BEGIN
      SELECT * INTO target FROM threads WHERE threads.id = p_thread_id FOR UPDATE;
      IF NOT FOUND OR (target.user_id <> p_actor AND NOT p_is_admin)
        OR (target.deleted_at IS NOT NULL AND (target.restore_until IS NULL OR target.restore_until <= p_at)) THEN
        RETURN;
      END IF;
      big := target.message_count > p_inline_max;
      IF big THEN
        counted := target.message_count;
        UPDATE threads SET deleted_at = p_at, deleted_by = p_actor, restore_until = NULL, updated_at = p_at
          WHERE threads.id = p_thread_id;
      ELSE
        DELETE FROM messages WHERE messages.thread_id = p_thread_id;
        GET DIAGNOSTICS counted = ROW_COUNT;
        DELETE FROM threads WHERE threads.id = p_thread_id;
      END IF;
      INSERT INTO audit_entries
        (id, action, thread_id, actor, owner, message_count, request_id, trace_id, reason, created_at)
      VALUES
        (p_audit_id, 'DELETE_PERMANENT', target.id, p_actor, target.user_id, counted, p_request_id, p_trace_id,
         p_reason, p_at);
      PERFORM pg_notify('ctg_thread_events', json_build_object(
          'id', gen_random_uuid()::text, 'kind', 'DELETED', 'threadId', target.id, 'owner', target.user_id,
          'actor', p_actor, 'projectId', target.project_id,
          'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'messageCount', counted, 'auditEntryId', p_audit_id, 'restoreUntil', NULL)::text);
      RETURN QUERY SELECT target.id, target.title, target.project_id, target.conversation_id, target.user_id,
        target.created_at, target.updated_at, counted, big;
    END
    $$`;
}
