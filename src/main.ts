import 'reflect-metadata';
import { once } from 'node:events';
import { type App, createApp } from './app.js';
import { DEMO_USER } from './auth/auth.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';

/** What `npm start` prints once the server listens: where each part is and, in dev mode, the token. */
function banner(url: string, playground: boolean, devToken: string | null): string {
  const lines = [
    '',
    'chat-thread-gateway is up:',
    `  GraphQL    ${url}/graphql (POST${playground ? '; open it in a browser for the playground' : ''})`,
    `  REST       ${url}/api/chat/threads/{thread_id} (DELETE)`,
    `  REST docs  ${url}/docs (Swagger UI)`,
    `  Threads    ${url}/ (the thread management app)`,
  ];
  if (devToken) {
    lines.push(
      `Dev mode: no auth configured. Token for ${DEMO_USER} (valid 24h, this process only; also at ${url}/docs/config.json):`,
      '',
      `  Authorization: Bearer ${devToken}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** Reads config, builds the app, listens, and shuts down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  loadDotEnv();
  let app: App;
  try {
    app = await createApp(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { config, logger, httpServer } = app;
  httpServer.listen(config.port, config.host);
  await once(httpServer, 'listening');
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The banner first, then the log: a person reading the terminal sees where to go before any JSON line.
  process.stdout.write(banner(url, config.playground, app.devToken));
  logger.info({ url, database: config.database.kind, nodeEnv: config.nodeEnv }, 'listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    let code = 0;
    try {
      await app.close();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    }
    logger.flush(() => process.exit(code));
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
