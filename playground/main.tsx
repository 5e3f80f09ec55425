// The self-hosted GraphQL playground: GraphiQL 5 bundled by Vite, served by the gateway itself,
// so it works with no internet and under a strict Content-Security-Policy.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './playground.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** What the gateway tells the page: example tabs and, in dev mode only, the dev token. */
interface PlaygroundConfig {
  endpoint: string;
  devToken: string | null;
  examples: { name: string; query: string; variables: string }[];
}

async function start(): Promise<void> {
  const config = (await (await fetch('/playground/config.json')).json()) as PlaygroundConfig;
  const headers = JSON.stringify(
    config.devToken ? { Authorization: `Bearer ${config.devToken}` } : { Authorization: 'Bearer <paste your token>' },
    null,
    2,
  );
  const fetcher = createGraphiQLFetcher({ url: new URL(config.endpoint, window.location.href).toString() });
  // GraphiQL 5 fills the editors from its initial* props, not from the first of `defaultTabs`: that
  // tab would get its query (GraphiQL falls back to it) but an empty variables editor, so its first
  // run went out without `threadId`, until another tab was selected and back (graphql/graphiql#3392).
  // Giving the first example as the initial query and variables fills the editors from the start;
  // on a later visit, GraphiQL selects the stored tab holding exactly this example, or else opens it
  // as a new tab, so the tab shown first always names a thread that exists now.
  const [first] = config.examples;
  const root = document.getElementById('graphiql');
  if (!root) throw new Error('index.html has no #graphiql element');
  createRoot(root).render(
    <StrictMode>
      <GraphiQL
        fetcher={fetcher}
        defaultHeaders={headers}
        initialHeaders={headers}
        initialQuery={first?.query}
        initialVariables={first?.variables}
        defaultTabs={config.examples.map((example) => ({
          query: example.query,
          variables: example.variables,
          headers,
        }))}
        defaultEditorToolsVisibility="headers"
        shouldPersistHeaders={false}
      />
    </StrictMode>,
  );
}

void start();
