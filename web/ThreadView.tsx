import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { DeleteDialog } from './DeleteDialog.js';
import { AUDIT_TRAIL, THREAD } from './documents.js';
import { hrefOf, navigate } from './route.js';
import { When } from './ThreadRow.js';
import { fullTime } from './time.js';

interface Props {
  readonly id: string;
  readonly admin: boolean;
}

/** One thread: its messages (paged, oldest first, with roles) and its audit trail. */
export function ThreadView({ id, admin }: Props) {
  const thread = useQuery(THREAD, { variables: { id }, notifyOnNetworkStatusChange: true });
  const audit = useQuery(AUDIT_TRAIL, { variables: { threadId: id }, fetchPolicy: 'cache-and-network' });
  const [deleting, setDeleting] = useState(false);
  const node = thread.data?.thread;
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = node?.id ?? (thread.loading ? null : 'missing');
  // A thread read from the server (not from the cache) arrives after the view's first render: the focus waits for its title.
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  if (thread.error && !node)
    return (
      <section>
        <h1 tabIndex={-1}>Thread</h1>
        <p role="alert">Could not load the thread: {thread.error.message}.</p>
        <a href={hrefOf({ view: 'threads' })}>Back to the threads</a>
      </section>
    );
  if (thread.loading && !node) return <p role="status">Loading the thread…</p>;
  const messages = node?.messages;
  const entries = audit.data?.auditEntries.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="thread-title">
      <p>
        <a href={hrefOf({ view: 'threads' })}>← All threads</a>
      </p>
      <h1 id="thread-title" ref={heading} tabIndex={-1}>
        {node ? node.title : 'Thread not found'}
      </h1>
      {!node && <p>It was deleted, is in the trash, or is not yours.</p>}
      {node && (
        <>
          <p className="meta">
            <span className="project">{node.projectId ?? 'no project'}</span>
            <span>
              {node.messageCount} {node.messageCount === 1 ? 'message' : 'messages'}
            </span>
            {admin && <span>owner {node.userId}</span>}
            <When iso={node.createdAt} label="created" />
            <When iso={node.updatedAt} label="updated" />
          </p>
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete…
          </button>
          <h2>Messages</h2>
          {messages && messages.edges.length === 0 && <p>No messages in this thread.</p>}
          <ol className="messages" aria-label="Messages">
            {messages?.edges.map(({ node: message }) => (
              <li key={message.id} className={`message ${message.role}`}>
                <span className="role">{message.role}</span>
                <time dateTime={message.createdAt}>{fullTime(message.createdAt)}</time>
                <p className="content">{message.content}</p>
              </li>
            ))}
          </ol>
          {messages?.pageInfo.hasNextPage && (
            <button
              type="button"
              className="secondary"
              disabled={thread.loading}
              onClick={() => void thread.fetchMore({ variables: { after: messages.pageInfo.endCursor } })}
            >
              Load more messages ({messages.edges.length} of {messages.totalCount})
            </button>
          )}
        </>
      )}
      <h2>Audit trail</h2>
      {entries.length === 0 ? (
        <p>No deletes, trashes or restores recorded for this thread.</p>
      ) : (
        <table className="audit">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">Owner</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{fullTime(entry.createdAt)}</td>
                <td>{entry.action}</td>
                <td>{entry.actor}</td>
                <td>{entry.owner}</td>
                <td>{entry.messageCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && node && (
        <DeleteDialog
          threadId={node.id}
          onClose={(result) => {
            setDeleting(false);
            if (result && (result.outcome === 'DELETED' || result.outcome === 'SOFT_DELETED'))
              navigate({ view: 'threads' });
          }}
        />
      )}
    </section>
  );
}
