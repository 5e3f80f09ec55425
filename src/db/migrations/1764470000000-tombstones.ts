import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { DeleteThreadFunction1764440000000 } from './1764440000000-delete-thread-function.js';
import { DeleteThreadsBatchFunction1764450000000 } from './1764450000000-delete-threads-batch-function.js';

/**
 * Deletes of any size (docs/ARCHITECTURE.md, "Tombstones and reclaim"). A thread whose
 * `deleted_at` is set and whose `restore_until` is null (or past) is a tombstone: gone for every
 * read and write, its rows waiting for the reclaimer, which removes its messages in chunks.
 *
 * - `idx_threads_deleted_at`: the trash, the purger and the reclaimer find deleted threads
 *   without scanning every thread.
 * - PostgreSQL: `ctg_delete_thread` and `ctg_delete_threads` take `p_inline_max`. A thread with at
 *   most that many messages is deleted in the call, as before; a bigger one is counted and
 *   tombstoned instead (`o_tombstoned`), so no call does unbounded work. A thread that is already
 *   a tombstone, or in the trash past its restore window, is not found.
 */
export class Tombstones1764470000000 implements MigrationInterface {
  name = 'Tombstones1764470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'threads',
      new TableIndex({ name: 'idx_threads_deleted_at', columnNames: ['deleted_at'] }),
    );
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(
      'DROP FUNCTION ctg_delete_threads(varchar[], varchar[], boolean[], varchar[], varchar[], varchar[], text[], ' +
        'timestamptz[], text)',
    );
    await queryRunner.query(
      'DROP FUNCTION ctg_delete_thread(varchar, varchar, boolean, varchar, varchar, varchar, text, timestamptz)',
    );
    await queryRunner.query(`
      CREATE FUNCTION ctg_delete_thread(
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
        -- More than p_inline_max messages: count them (exact: the row lock keeps new ones out) and
        -- leave a tombstone for the reclaimer instead of deleting them all in this transaction.
        big := EXISTS (SELECT 1 FROM messages WHERE messages.thread_id = p_thread_id OFFSET p_inline_max LIMIT 1);
        IF big THEN
          SELECT count(*) INTO counted FROM messages WHERE messages.thread_id = p_thread_id;
          UPDATE threads SET deleted_at = p_at, deleted_by = p_actor, restore_until = NULL, updated_at = p_at
            WHERE threads.id = p_thread_id;
        ELSE
          -- Deleting the messages counts them in the same pass; the cascade then has nothing left to do.
          DELETE FROM messages WHERE messages.thread_id = p_thread_id;
          GET DIAGNOSTICS counted = ROW_COUNT;
          DELETE FROM threads WHERE threads.id = p_thread_id;
        END IF;
        INSERT INTO audit_entries
          (id, action, thread_id, actor, owner, message_count, request_id, trace_id, reason, created_at)
        VALUES
          (p_audit_id, 'DELETE_PERMANENT', target.id, p_actor, target.user_id, counted, p_request_id, p_trace_id,
           p_reason, p_at);
        RETURN QUERY SELECT target.id, target.title, target.project_id, target.conversation_id, target.user_id,
          target.created_at, target.updated_at, counted, big;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION ctg_delete_threads(
        p_thread_ids varchar[], p_actors varchar[], p_is_admins boolean[], p_audit_ids varchar[],
        p_request_ids varchar[], p_trace_ids varchar[], p_reasons text[], p_ats timestamptz[], p_lock_timeout text,
        p_inline_max integer)
      RETURNS TABLE (
        o_index integer, o_error_code text, o_error text,
        o_id varchar, o_title varchar, o_project_id varchar, o_conversation_id varchar, o_user_id varchar,
        o_created_at timestamptz, o_updated_at timestamptz, o_message_count integer, o_tombstoned boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        item integer;
        deleted record;
      BEGIN
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
        FOR item IN
          SELECT u.ordinality::integer FROM unnest(p_thread_ids) WITH ORDINALITY AS u(id, ordinality)
          ORDER BY u.id, u.ordinality
        LOOP
          BEGIN
            FOR deleted IN
              SELECT * FROM ctg_delete_thread(p_thread_ids[item], p_actors[item], p_is_admins[item], p_audit_ids[item],
                p_request_ids[item], p_trace_ids[item], p_reasons[item], p_ats[item], p_inline_max)
            LOOP
              o_index := item; o_error_code := NULL; o_error := NULL;
              o_id := deleted.o_id; o_title := deleted.o_title; o_project_id := deleted.o_project_id;
              o_conversation_id := deleted.o_conversation_id; o_user_id := deleted.o_user_id;
              o_created_at := deleted.o_created_at; o_updated_at := deleted.o_updated_at;
              o_message_count := deleted.o_message_count; o_tombstoned := deleted.o_tombstoned;
              RETURN NEXT;
            END LOOP;
          EXCEPTION WHEN OTHERS THEN
            o_index := item; o_error_code := SQLSTATE; o_error := SQLERRM;
            o_id := NULL; o_title := NULL; o_project_id := NULL; o_conversation_id := NULL; o_user_id := NULL;
            o_created_at := NULL; o_updated_at := NULL; o_message_count := NULL; o_tombstoned := NULL;
            RETURN NEXT;
          END;
        END LOOP;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(
        'DROP FUNCTION ctg_delete_threads(varchar[], varchar[], boolean[], varchar[], varchar[], varchar[], text[], ' +
          'timestamptz[], text, integer)',
      );
      await queryRunner.query(
        'DROP FUNCTION ctg_delete_thread(varchar, varchar, boolean, varchar, varchar, varchar, text, timestamptz, integer)',
      );
      await new DeleteThreadFunction1764440000000().up(queryRunner);
      await new DeleteThreadsBatchFunction1764450000000().up(queryRunner);
    }
    await queryRunner.dropIndex('threads', 'idx_threads_deleted_at');
  }
}
