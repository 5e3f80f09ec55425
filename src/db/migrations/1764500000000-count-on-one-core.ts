import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = 'ctg_delete_thread(varchar, varchar, boolean, varchar, varchar, varchar, text, timestamptz, integer)';

/**
 * `ctg_delete_thread` runs its statements without parallel workers. The one that would use them is
 * a big thread's count (500,000 messages under the thread's lock): with two workers it took every
 * core of a 2-core machine for its ~100 ms, and the small deletes running meanwhile went from a
 * p99 of 10 ms to 34 ms; on one core it takes longer (the answer came after 380 ms instead of 200)
 * but leaves the other requests theirs (p99 16 ms). Function-level SET: applies to every call,
 * including each item of `ctg_delete_threads`, and to nothing else.
 */
export class CountOnOneCore1764500000000 implements MigrationInterface {
  name = 'CountOnOneCore1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres')
      await queryRunner.query(`ALTER FUNCTION ${SIGNATURE} SET max_parallel_workers_per_gather = 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres')
      await queryRunner.query(`ALTER FUNCTION ${SIGNATURE} RESET max_parallel_workers_per_gather`);
  }
}
