import { ConfigError, loadConfig, startWarnings } from './config.ts';
import { DatabaseStartError } from './db/connect.ts';
import { createLogger } from './http/logger.ts';
import { StartError, startPortal } from './server.ts';
import { printWelcome } from './welcome.ts';

/** Wires config → database → app → server, and handles signals. Nothing else. */
async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    return exitWith(error);
  }
  const logger = createLogger(config.logLevel);
  for (const warning of startWarnings(config)) logger.warn(warning);
  let portal;
  try {
    portal = await startPortal(config, logger);
  } catch (error) {
    return exitWith(error);
  }
  printWelcome(portal, config, Math.round(performance.now() - started));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await portal.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function exitWith(error: unknown): void {
  const known = error instanceof ConfigError || error instanceof DatabaseStartError || error instanceof StartError;
  process.stderr.write(`Resultaatportaal cannot start: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}

void main();
