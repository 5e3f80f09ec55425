import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Authenticator } from '../../src/auth/auth.js';
import { TEST_SECRET } from './test-app.js';

/** One line of the server's JSON log (pino): its level, time and message, and whatever else it carries. */
export interface LogLine {
  level: number;
  time: number;
  msg?: string;
  [key: string]: unknown;
}

/** The built server (`node dist/src/main.js`) running as its own process, as in production. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly logLines: () => LogLine[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Signs tokens the way a server started with `startServerProcess` verifies them. */
export const processTokens = new Authenticator({
  mode: 'hs256',
  secret: new TextEncoder().encode(TEST_SECRET),
  clockToleranceSeconds: 60,
});

/**
 * Node's flags for the server, as `npm start` gives them (package.json): V8's allocation-site
 * pretenuring off. Under a steady load of small requests V8 tenured some of node-postgres's
 * allocation sites (its parsed rows and messages); their objects were then allocated in the old
 * generation and kept the strings they point to alive through every young collection, so a
 * PostgreSQL backup's pages piled up in the old generation (RSS +50 to 85 MB for 500,000 messages;
 * README, the mixed benchmark). A flag on the command line: set from inside the process with
 * `v8.setFlagsFromString`, it stalled requests for 200 to 450 ms at the start of big deletes.
 */
export const START_NODE_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** Starts the built server on a free port against `databaseUrl` and waits until it listens. */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn('node', [...START_NODE_FLAGS, 'dist/src/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: '0',
      LOG_LEVEL: 'info',
      PURGE_INTERVAL_MINUTES: '0',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const logLines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const listeningLine = () => logLines().find((line) => line.msg === 'listening');
  const deadline = Date.now() + 20_000;
  let listening = listeningLine();
  while (!listening) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${stderr || stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    listening = listeningLine();
  }
  const url = listening.url as string;
  return {
    url,
    child,
    logLines,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
