/** One example tab, as `/playground/config.json` gives it. */
export interface ExampleTab {
  readonly name: string;
  readonly query: string;
  readonly variables: string;
}

/** Where GraphiQL 5 keeps its tabs (`graphiql:` + STORAGE_KEY.tabs of @graphiql/react). */
export const TAB_STATE_KEY = 'graphiql:tabState';

/** A tab as GraphiQL 5 stores it (`TabState` of @graphiql/react, serialized without hash, response or headers). */
interface StoredTab {
  id: string;
  hash: string | null;
  title: string;
  query: string | null;
  variables: string | null;
  headers: string | null;
  operationName: string | null;
  response: string | null;
}

function isStoredTab(value: unknown): value is StoredTab {
  const tab = value as Partial<StoredTab> | null;
  return typeof tab === 'object' && tab !== null && typeof tab.id === 'string' && typeof tab.title === 'string';
}

/** The tabs saved by an earlier visit, or none when there are none or they cannot be read. */
function savedTabs(storage: Storage): StoredTab[] {
  try {
    const saved = JSON.parse(storage.getItem(TAB_STATE_KEY) ?? 'null') as { tabs?: unknown } | null;
    return Array.isArray(saved?.tabs) ? saved.tabs.filter(isStoredTab) : [];
  } catch {
    return [];
  }
}

/**
 * Rewrites the saved tabs before GraphiQL reads them: the example tabs come first, in order and as
 * the gateway gives them now (so their ids name threads that exist on this load, not on the last
 * one), followed by the tabs of earlier visits that are not examples (a tab whose operation is an
 * example's, unedited, is the example's old copy and is dropped). The first tab is active.
 */
export function refreshExampleTabs(examples: readonly ExampleTab[], storage: Storage = window.localStorage): void {
  const exampleQueries = new Set(examples.map((example) => example.query));
  const own = savedTabs(storage).filter((tab) => tab.query === null || !exampleQueries.has(tab.query));
  const fresh: StoredTab[] = examples.map((example, index) => ({
    id: `example-${index}`,
    hash: null,
    title: example.name,
    query: example.query,
    variables: example.variables,
    headers: null,
    operationName: example.name,
    response: null,
  }));
  try {
    storage.setItem(TAB_STATE_KEY, JSON.stringify({ tabs: [...fresh, ...own], activeTabIndex: 0 }));
  } catch {
    // Storage full or disabled: GraphiQL then opens the examples from its defaultTabs.
  }
}
