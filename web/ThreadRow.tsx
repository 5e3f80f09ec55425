import type { KeyboardEvent, MouseEvent } from 'react';
import type { WebThreadRowFragment } from '../gql/graphql.js';
import { hrefOf } from './route.js';
import { fullTime, relativeTime } from './time.js';

interface Props {
  readonly thread: WebThreadRowFragment;
  readonly index: number;
  readonly active: boolean;
  readonly checked: boolean;
  readonly showOwner: boolean;
  readonly onToggle: (id: string, range: boolean) => void;
  readonly onFocus: (index: number) => void;
  readonly onDelete: (id: string) => void;
}

/** A <time> that reads "3 minutes ago" and tells the exact time on hover. */
export function When({ iso, label }: { iso: string; label: string }) {
  return (
    <time dateTime={iso} title={fullTime(iso)}>
      {label} {relativeTime(iso)}
    </time>
  );
}

/** One thread in the list: its checkbox, its title (opens it), project, message count and times. */
export function ThreadRow({ thread, index, active, checked, showOwner, onToggle, onFocus, onDelete }: Props) {
  const tabIndex = active ? 0 : -1;
  const toggle = (event: MouseEvent<HTMLInputElement> | KeyboardEvent<HTMLInputElement>) =>
    onToggle(thread.id, event.shiftKey);
  return (
    <li className={`row${checked ? ' checked' : ''}${active ? ' active' : ''}`} data-thread-id={thread.id}>
      <input
        type="checkbox"
        tabIndex={tabIndex}
        checked={checked}
        aria-label={`Select "${thread.title}"`}
        onChange={() => {}}
        onClick={toggle}
        onFocus={() => onFocus(index)}
      />
      <div className="row-main">
        <a
          className="row-link"
          href={hrefOf({ view: 'thread', id: thread.id })}
          tabIndex={tabIndex}
          onFocus={() => onFocus(index)}
        >
          {thread.title}
        </a>
        <span className="meta">
          {thread.projectId ? (
            <span className="project">{thread.projectId}</span>
          ) : (
            <span className="project none">no project</span>
          )}
          <span>
            {thread.messageCount} {thread.messageCount === 1 ? 'message' : 'messages'}
          </span>
          {showOwner && <span>owner {thread.userId}</span>}
          <When iso={thread.createdAt} label="created" />
          <When iso={thread.updatedAt} label="updated" />
        </span>
      </div>
      <button
        type="button"
        className="secondary"
        tabIndex={tabIndex}
        aria-label={`Delete "${thread.title}"…`}
        onFocus={() => onFocus(index)}
        onClick={() => onDelete(thread.id)}
      >
        Delete…
      </button>
    </li>
  );
}
