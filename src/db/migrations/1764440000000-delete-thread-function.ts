import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL only: a permanent delete in one round trip. The function locks the thread row,
 * checks the owner, deletes the messages and counts them in the same pass (a fresh snapshot after
 * the lock, and the lock keeps new messages out, so the count is exact), writes the audit entry
 * and deletes the row, all in the calling statement's transaction. It returns the deleted thread and its message count, or no row
 * for a thread that is missing or not the caller's. SQLite runs the same steps as statements.
 */
export class DeleteThreadFunction1764440000000 implements MigrationInterface {
  name = 'DeleteThreadFunction1764440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE FUNCTION ctg_delete_thread(
        p_thread_id varchar, p_actor varchar, p_is_admin boolean, p_audit_id varchar,
        p_request_id varchar, p_trace_id varchar, p_reason text, p_at timestamptz)
      RETURNS TABLE (
        o_id varchar, o_title varchar, o_project_id varchar, o_conversation_id varchar, o_user_id varchar,
        o_created_at timestamptz, o_updated_at timestamptz, o_message_count integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        target threads%ROWTYPE;
        counted integer;
      BEGIN
        SELECT * INTO target FROM threads WHERE threads.id = p_thread_id FOR UPDATE;
        IF NOT FOUND OR (target.user_id <> p_actor AND NOT p_is_admin) THEN
          RETURN;
        END IF;
        -- Deleting the messages counts them in the same pass (exact: the row lock keeps new ones out);
        -- the thread's ON DELETE CASCADE then has nothing left to do.
        DELETE FROM messages WHERE messages.thread_id = p_thread_id;
        GET DIAGNOSTICS counted = ROW_COUNT;
        INSERT INTO audit_entries (id, action, thread_id, actor, owner, message_count, request_id, trace_id, reason, created_at)
        VALUES (p_audit_id, 'DELETE_PERMANENT', target.id, p_actor, target.user_id, counted, p_request_id, p_trace_id, p_reason, p_at);
        DELETE FROM threads WHERE threads.id = p_thread_id;
        RETURN QUERY SELECT target.id, target.title, target.project_id, target.conversation_id, target.user_id,
          target.created_at, target.updated_at, counted;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(
      'DROP FUNCTION ctg_delete_thread(varchar, varchar, boolean, varchar, varchar, varchar, text, timestamptz)',
    );
  }
}
