import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL only: many permanent deletes in one statement, for the gateway's group commit. Item
 * `i` of the arrays is one `ctg_delete_thread` call, run inside its own exception block (a
 * subtransaction): an item that fails is undone alone and reported with its SQLSTATE and message,
 * the others stand. Items are taken in thread id order, so two batches lock rows in the same order
 * and cannot deadlock each other. A lock wait longer than `p_lock_timeout` (a thread that another
 * transaction holds, e.g. a backup in progress) fails that item alone with 55P03 instead of
 * holding up the batch; the gateway then deletes it on its own. One row per deleted thread
 * (`o_index` = its 1-based position, `o_error_code` null) or per failed item; no row for a thread
 * that is missing or not the caller's.
 */
export class DeleteThreadsBatchFunction1764450000000 implements MigrationInterface {
  name = 'DeleteThreadsBatchFunction1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE FUNCTION ctg_delete_threads(
        p_thread_ids varchar[], p_actors varchar[], p_is_admins boolean[], p_audit_ids varchar[],
        p_request_ids varchar[], p_trace_ids varchar[], p_reasons text[], p_ats timestamptz[], p_lock_timeout text)
      RETURNS TABLE (
        o_index integer, o_error_code text, o_error text,
        o_id varchar, o_title varchar, o_project_id varchar, o_conversation_id varchar, o_user_id varchar,
        o_created_at timestamptz, o_updated_at timestamptz, o_message_count integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        item integer;
        deleted record;
      BEGIN
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
        FOR item IN
          SELECT u.ordinality::integer FROM unnest(p_thread_ids) WITH ORDINALITY AS u(id, ordinality) ORDER BY u.id, u.ordinality
        LOOP
          BEGIN
            FOR deleted IN
              SELECT * FROM ctg_delete_thread(p_thread_ids[item], p_actors[item], p_is_admins[item], p_audit_ids[item],
                p_request_ids[item], p_trace_ids[item], p_reasons[item], p_ats[item])
            LOOP
              o_index := item; o_error_code := NULL; o_error := NULL;
              o_id := deleted.o_id; o_title := deleted.o_title; o_project_id := deleted.o_project_id;
              o_conversation_id := deleted.o_conversation_id; o_user_id := deleted.o_user_id;
              o_created_at := deleted.o_created_at; o_updated_at := deleted.o_updated_at;
              o_message_count := deleted.o_message_count;
              RETURN NEXT;
            END LOOP;
          EXCEPTION WHEN OTHERS THEN
            o_index := item; o_error_code := SQLSTATE; o_error := SQLERRM;
            o_id := NULL; o_title := NULL; o_project_id := NULL; o_conversation_id := NULL; o_user_id := NULL;
            o_created_at := NULL; o_updated_at := NULL; o_message_count := NULL;
            RETURN NEXT;
          END;
        END LOOP;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(
      'DROP FUNCTION ctg_delete_threads(varchar[], varchar[], boolean[], varchar[], varchar[], varchar[], text[], timestamptz[], text)',
    );
  }
}
