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
  createRoot(document.getElementById('graphiql')!).render(
    <StrictMode>
      <GraphiQL
        fetcher={fetcher}
        defaultHeaders={headers}
        initialHeaders={headers}
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
