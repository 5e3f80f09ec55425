import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.js';
import { VIEWER_AND_THREADS } from './support/documents.js';
import { insertThreads, NEXT_YEAR } from './support/fixtures.js';
import { dataOf, useTestApp } from './support/test-app.js';

// What the web app asks that the API did not answer before it: who is signed in (viewer), and an
// admin's look-up of one user's threads (ThreadFilter.userId), live and in the trash.

describe.each(DATABASE_KINDS)('viewer and the owner filter (%s)', (kind) => {
  const t = useTestApp(kind);
  let as: (userId: string, roles?: string[]) => Promise<Record<string, string>>;

  beforeAll(async () => {
    await insertThreads(t, [
      { id: 'ann-1', owner: 'ann', created: 10, title: 'Ann one' },
      { id: 'ann-2', owner: 'ann', created: 20, title: 'Ann two' },
      { id: 'ann-3', owner: 'ann', created: 30, title: 'Ann trashed', deleted: 40, restoreUntil: NEXT_YEAR },
      { id: 'bob-1', owner: 'bob', created: 15, title: 'Bob one' },
      { id: 'bob-2', owner: 'bob', created: 25, title: 'Bob trashed', deleted: 45, restoreUntil: NEXT_YEAR },
    ]);
    as = async (userId, roles) => ({ authorization: `Bearer ${await t.token(userId, { roles })}` });
  });

  const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

  it('when a user asks for viewer, then it names them and says they are not an admin', async () => {
    const data = dataOf(await t.graphql(VIEWER_AND_THREADS, {}, await as('ann')));

    expect(data.viewer).toEqual({ userId: 'ann', isAdmin: false });
  });

  it('when an admin asks for viewer, then it says so', async () => {
    const data = dataOf(await t.graphql(VIEWER_AND_THREADS, {}, await as('root', ['admin'])));

    expect(data.viewer).toEqual({ userId: 'root', isAdmin: true });
  });

  it('when viewer is asked without a token, then the answer is UNAUTHENTICATED and carries no data', async () => {
    const response = await t.graphql(VIEWER_AND_THREADS, {});

    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it("when an admin filters by a user id, then exactly that user's live threads and trash are listed", async () => {
    const data = dataOf(
      await t.graphql(VIEWER_AND_THREADS, { filter: { userId: 'bob' } }, await as('root', ['admin'])),
    );

    expect(ids(data.threads)).toEqual(['bob-1']);
    expect(data.threads.totalCount).toBe(1);
    expect(ids(data.deletedThreads)).toEqual(['bob-2']);
    expect(data.deletedThreads.totalCount).toBe(1);
  });

  it("when a user filters by their own id, then their threads are listed; by another user's, nothing is", async () => {
    const own = dataOf(await t.graphql(VIEWER_AND_THREADS, { filter: { userId: 'ann' } }, await as('ann')));
    const other = dataOf(await t.graphql(VIEWER_AND_THREADS, { filter: { userId: 'bob' } }, await as('ann')));

    expect(ids(own.threads)).toEqual(['ann-2', 'ann-1']);
    expect(ids(own.deletedThreads)).toEqual(['ann-3']);
    expect(other.threads).toEqual({ totalCount: 0, edges: [] });
    expect(other.deletedThreads).toEqual({ totalCount: 0, edges: [] });
  });

  it('when the user id is longer than 128 characters, then the answer is BAD_USER_INPUT naming filter.userId', async () => {
    const response = await t.graphql(VIEWER_AND_THREADS, { filter: { userId: 'x'.repeat(129) } }, await as('ann'));

    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].extensions?.detail).toMatchObject([
      { type: 'string_too_long', loc: ['filter', 'userId'] },
    ]);
  });
});
