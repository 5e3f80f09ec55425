import pino, { type DestinationStream, type Logger } from 'pino';

/** The structured JSON logger. Headers are never logged whole, so tokens cannot leak through them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'chat-thread-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'], censor: '[redacted]' },
    },
    destination,
  );
}

export type { Logger };
