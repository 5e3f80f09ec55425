import { ConfigError } from '../config.js';
import { DomainError, InputValidationError } from '../errors.js';

/** Runs a command-line entry point: one clear line and exit code 1 on failure, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
    else if (error instanceof InputValidationError) process.stderr.write(`Invalid arguments: ${error.message}\n`);
    else
      process.stderr.write(
        `${error instanceof DomainError ? '' : 'Error: '}${error instanceof Error ? error.message : String(error)}\n`,
      );
    process.exitCode = 1;
  });
}
