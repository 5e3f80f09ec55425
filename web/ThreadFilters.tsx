import { useEffect, useState } from 'react';
import type { ThreadFilter } from '../gql/graphql.js';

/** What the title search needs before it is sent: three letters or digits in a row (the server's rule). */
const SEARCHABLE = /[\p{L}\p{N}]{3}/u;

interface Props {
  readonly admin: boolean;
  readonly owner: string | null;
  readonly onOwnerChange: (owner: string | null) => void;
  readonly onChange: (filter: ThreadFilter) => void;
}

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` as the start of that day (UTC), or the start of the day after it. */
function dayStart(day: string, after = false): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + (after ? DAY_MS : 0)).toISOString();
}

/** Search by title, project, creation dates and (for an admin) owner; the filter is applied by the server. */
export function ThreadFilters({ admin, owner, onOwnerChange, onChange }: Props) {
  const [title, setTitle] = useState('');
  const [project, setProject] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [ownerText, setOwnerText] = useState(owner ?? '');
  const titleProblem = title.trim() && !SEARCHABLE.test(title) ? 'Type at least three letters or digits.' : null;
  const rangeProblem = from && to && from > to ? 'The end date is before the start date.' : null;

  useEffect(() => {
    const timer = setTimeout(() => {
      const filter: ThreadFilter = {};
      if (title.trim() && !titleProblem) filter.titleContains = title.trim();
      if (project.trim()) filter.projectId = project.trim();
      if (!rangeProblem) {
        if (from) filter.createdFrom = dayStart(from);
        if (to) filter.createdBefore = dayStart(to, true);
      }
      onChange(filter);
      if (admin) onOwnerChange(ownerText.trim() || null);
    }, 250);
    return () => clearTimeout(timer);
  }, [title, project, from, to, ownerText, admin, titleProblem, rangeProblem, onChange, onOwnerChange]);

  return (
    <form className="filters" aria-label="Filter threads" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-title">Search titles</label>
        <input
          id="filter-title"
          type="search"
          value={title}
          aria-describedby={titleProblem ? 'filter-title-problem' : undefined}
          onChange={(event) => setTitle(event.target.value)}
        />
        {titleProblem && (
          <span id="filter-title-problem" className="hint">
            {titleProblem}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="filter-project">Project</label>
        <input id="filter-project" type="text" value={project} onChange={(event) => setProject(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="filter-from">Created on or after</label>
        <input id="filter-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">Created on or before</label>
        <input id="filter-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        {rangeProblem && <span className="hint">{rangeProblem}</span>}
      </div>
      {admin && (
        <div className="field">
          <label htmlFor="filter-owner">Owner (user id)</label>
          <input
            id="filter-owner"
            type="text"
            value={ownerText}
            placeholder="everyone"
            onChange={(event) => setOwnerText(event.target.value)}
          />
        </div>
      )}
    </form>
  );
}
