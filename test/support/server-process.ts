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

/** Starts the built server on a free port against `databaseUrl` and waits until it listens. */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn('node', ['dist/src/main.js'], {
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
