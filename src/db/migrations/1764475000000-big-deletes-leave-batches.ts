import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A thread with more than this many messages is not deleted in a batch (`p_inline_max`). */
const BIG = 'CTGBG';

/**
 * `ctg_delete_threads` as the tombstones migration made it, and, with `leaveBig`, with one more
 * check: an item whose thread has more than `p_inline_max` messages is answered `o_error_code`
 * 'CTGBG' untouched, and the gateway deletes it on its own (`ctg_delete_thread`). Counting such a
 * thread under its lock takes tens of milliseconds per 100,000 messages; in a batch, every other
 * delete of the batch waited for it (and the commit with it).
 */
export function batchFunction(leaveBig: boolean): string {
  const check = leaveBig
    ? `IF EXISTS (SELECT 1 FROM messages WHERE messages.thread_id = p_thread_ids[item] OFFSET p_inline_max LIMIT 1) THEN
            o_index := item; o_error_code := '${BIG}'; o_error := 'more messages than a batch item may delete';
            o_id := NULL; o_title := NULL; o_project_id := NULL; o_conversation_id := NULL; o_user_id := NULL;
            o_created_at := NULL; o_updated_at := NULL; o_message_count := NULL; o_tombstoned := NULL;
            RETURN NEXT;
            CONTINUE;
          END IF;`
    : '';
  return `
    CREATE OR REPLACE FUNCTION ctg_delete_threads(
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
        ${check}
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
    $$`;
}

/** Big threads leave PostgreSQL's delete batches (see `batchFunction`); SQLite does the same in code. */
export class BigDeletesLeaveBatches1764475000000 implements MigrationInterface {
  name = 'BigDeletesLeaveBatches1764475000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query(batchFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query(batchFunction(false));
  }
}
