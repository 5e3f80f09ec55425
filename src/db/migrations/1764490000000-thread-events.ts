import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ctg_delete_thread` as the tombstones migration (1764470000000) made it and, with `notify`, with
 * one more statement after the audit insert: a `pg_notify` on `ctg_thread_events` carrying the
 * DELETED event (the JSON `encodeThreadEvent` in src/threads/thread.events.ts writes, same keys).
 * It is sent in the delete's own transaction, so it is heard only if that commits, by every
 * session that LISTENs (every replica), in commit order. `ctg_delete_threads` calls this function
 * for each item inside an exception block: an item that fails is rolled back with its
 * notification, which PostgreSQL then drops; the batch function itself is unchanged.
 */
export function singleFunction(notify: boolean): string {
  const announce = notify
    ? `PERFORM pg_notify('ctg_thread_events', json_build_object(
          'id', gen_random_uuid()::text, 'kind', 'DELETED', 'threadId', target.id, 'owner', target.user_id,
          'actor', p_actor, 'projectId', target.project_id,
          'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'messageCount', counted, 'auditEntryId', p_audit_id, 'restoreUntil', NULL)::text);`
    : '';
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
      ${announce}
      RETURN QUERY SELECT target.id, target.title, target.project_id, target.conversation_id, target.user_id,
        target.created_at, target.updated_at, counted, big;
    END
    $$`;
}

/** PostgreSQL's plain delete announces its DELETED event (see `singleFunction`); SQLite does it in code. */
export class ThreadEvents1764490000000 implements MigrationInterface {
  name = 'ThreadEvents1764490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query(singleFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query(singleFunction(false));
  }
}
