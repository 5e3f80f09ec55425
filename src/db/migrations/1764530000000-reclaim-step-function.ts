import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ctg_reclaim_step`: one PostgreSQL reclaim step (see `ThreadReclaimer`) in one call, so in one
 * round trip and one transaction (the call's own), where the step took six from the gateway: BEGIN,
 * the claim, `set_config`, the chunk's end, the DELETE, COMMIT. Under the small deletes' load each
 * round trip waited for a busy event loop and a busy server, and a 500,000-message reclaim takes
 * 30 to 40 steps.
 *
 * It claims the oldest tombstone no one holds (`FOR UPDATE SKIP LOCKED`, none of `p_skip`); finds
 * the `p_limit`-th message after `p_from` (the caller's frontier, used only if the tombstone is
 * `p_frontier_thread`); walks the range between `p_walk_after` (null: the thread's beginning) and
 * `p_walk_up_to` (null: no walk); deletes up to that message, and once no message is left, the
 * thread's row. A failure of the chunk (anything but the claim) is returned with the claimed
 * thread's id (`o_error_code`, `o_error`): the step's changes are undone, the claim's lock ends
 * with the call, and the caller can leave that thread for the next drain.
 *
 * The statements are built per call (EXECUTE) with their bounds as parameters: each is planned for
 * the bounds it has, never with a generic plan. `enable_seqscan` is off for the call: the planner
 * cannot estimate a row-value range and may guess a third of the thread, then scan the whole table.
 */
export class ReclaimStepFunction1764530000000 implements MigrationInterface {
  name = 'ReclaimStepFunction1764530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`
      CREATE FUNCTION ctg_reclaim_step(
        p_skip varchar[], p_limit integer, p_frontier_thread varchar,
        p_from_at timestamptz, p_from_id varchar,
        p_walk_after_at timestamptz, p_walk_after_id varchar,
        p_walk_up_to_at timestamptz, p_walk_up_to_id varchar)
      RETURNS TABLE (
        o_thread_id varchar, o_messages integer, o_finished boolean, o_edge_at text, o_edge_id varchar,
        o_walked bigint, o_error_code text, o_error text)
      LANGUAGE plpgsql SET enable_seqscan = off AS $$
      DECLARE
        claimed varchar;
        known boolean;
        after_from text := '';
        walk text := '0';
        edge_at timestamptz;
      BEGIN
        SELECT threads.id INTO claimed FROM threads
          WHERE threads.deleted_at IS NOT NULL AND threads.restore_until IS NULL AND threads.id <> ALL (p_skip)
          ORDER BY threads.deleted_at LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF claimed IS NULL THEN
          RETURN;
        END IF;
        o_thread_id := claimed;
        known := claimed = p_frontier_thread AND p_from_id IS NOT NULL;
        IF known THEN
          after_from := ' AND (created_at, id) > ($2, $3)';
        END IF;
        IF claimed = p_frontier_thread AND p_walk_up_to_id IS NOT NULL THEN
          walk := '(SELECT count(*) FROM messages WHERE thread_id = $1'
            || CASE WHEN p_walk_after_id IS NULL THEN '' ELSE ' AND (created_at, id) > ($4, $5)' END
            || ' AND (created_at, id) <= ($6, $7))';
        END IF;
        BEGIN
          -- The walk's count in the outer query: evaluated once, not for each message the OFFSET passes.
          EXECUTE 'SELECT created_at, id, ' || walk || ' FROM (SELECT created_at, id FROM messages WHERE thread_id = $1'
            || after_from || ' ORDER BY created_at, id OFFSET $8 LIMIT 1) AS edge'
            INTO edge_at, o_edge_id, o_walked
            USING claimed, p_from_at, p_from_id, p_walk_after_at, p_walk_after_id, p_walk_up_to_at, p_walk_up_to_id,
              p_limit - 1;
          EXECUTE 'DELETE FROM messages WHERE thread_id = $1' || after_from
            || CASE WHEN o_edge_id IS NULL THEN '' ELSE ' AND (created_at, id) <= ($4, $5)' END
            USING claimed, p_from_at, p_from_id, edge_at, o_edge_id;
          GET DIAGNOSTICS o_messages = ROW_COUNT;
          o_finished := o_edge_id IS NULL;
          IF o_finished THEN
            DELETE FROM threads WHERE threads.id = claimed;
          END IF;
          o_edge_at := edge_at::text;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
          o_messages := 0;
          o_finished := false;
          o_edge_at := NULL;
          o_edge_id := NULL;
          o_error_code := SQLSTATE;
          o_error := SQLERRM;
        END;
        RETURN NEXT;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(
      'DROP FUNCTION ctg_reclaim_step(varchar[], integer, varchar, timestamptz, varchar, timestamptz, varchar, timestamptz, varchar)',
    );
  }
}
