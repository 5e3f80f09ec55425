// The self-hosted GraphQL playground: GraphiQL 5 bundled by Vite, served by the gateway itself,
// so it works with no internet and under a strict Content-Security-Policy.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './playground.css';
import { useGraphiQL } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode, useEffect, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { withOperationOfDocument } from './operation-name';
import { type ExampleTab, refreshExampleTabs } from './saved-tabs';
import { followingCreatedThreads, WalkthroughThread } from './walkthrough';

/** What the gateway tells the page (`PlaygroundConfig` in src/playground/playground.ts). */
interface PlaygroundConfig {
  endpoint: string;
  devToken: string | null;
  threadId: string;
  examples: ExampleTab[];
}

/**
 * Shows the walkthrough's thread, and brings the variables of each tab up to date as it is shown:
 * after CreateThread, a tab that still names an earlier walkthrough thread names the new one.
 */
function WalkthroughStatus({ walkthrough }: { walkthrough: WalkthroughThread }) {
  const threadId = useSyncExternalStore(walkthrough.subscribe, walkthrough.id);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const activeTab = useGraphiQL((state) => state.tabs[state.activeTabIndex]?.id);
  useEffect(() => {
    if (!variableEditor || !activeTab || !threadId) return;
    const variables = variableEditor.getValue();
    const rewritten = walkthrough.rewrite(variables);
    if (rewritten !== variables) variableEditor.setValue(rewritten);
  }, [variableEditor, activeTab, threadId, walkthrough]);
  return (
    <p className="walkthrough-status" data-thread-id={threadId}>
      Tabs name thread <code>{threadId}</code>: your newest when the page loaded, or the last CreateThread made.
    </p>
  );
}

async function start(): Promise<void> {
  const config = (await (await fetch('/playground/config.json')).json()) as PlaygroundConfig;
  const headers = JSON.stringify(
    config.devToken ? { Authorization: `Bearer ${config.devToken}` } : { Authorization: 'Bearer <paste your token>' },
    null,
    2,
  );
  const walkthrough = new WalkthroughThread(config.threadId);
  // The gateway answers no operation in parts (no @defer or @stream): one JSON answer per request,
  // asked for as application/graphql-response+json.
  // Subscriptions go over WebSocket (graphql-transport-ws) to the same path; GraphiQL hands the
  // headers editor's Authorization to connection_init, where the gateway reads the token.
  const url = new URL(config.endpoint, window.location.href);
  const subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = followingCreatedThreads(
    withOperationOfDocument(
      createGraphiQLFetcher({
        url: url.toString(),
        subscriptionUrl: subscriptionUrl.toString(),
        enableIncrementalDelivery: false,
      }),
    ),
    walkthrough,
  );
  // Every load opens the examples as the gateway gives them now; tabs of your own are kept.
  refreshExampleTabs(config.examples);
  // GraphiQL 5 fills the editors from its initial* props, not from the first tab: that tab would get
  // its query (GraphiQL falls back to it) but an empty variables editor (graphql/graphiql#3392).
  // Giving the first example as the initial query and variables fills the editors from the start.
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
        defaultEditorToolsVisibility="variables"
        shouldPersistHeaders={false}
      >
        <GraphiQL.Footer>
          <WalkthroughStatus walkthrough={walkthrough} />
        </GraphiQL.Footer>
      </GraphiQL>
    </StrictMode>,
  );
}

void start();
