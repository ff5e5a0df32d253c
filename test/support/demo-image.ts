/**
 * The demo data directory, made once per test run: the browser tests each start a demo portal,
 * and loading the demo region into a fresh embedded database costs ~8 s of a ~10 s start. The
 * global setup starts one demo portal on a directory of its own in the background and stops it;
 * each browser test then starts its portal on a copy (the same keys, so the same demo accounts are
 * printed). test/start.test.ts still starts on fresh directories: the first start is its subject.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPortalProcess } from './process.ts';

const readyFile = (imageDir: string) => join(imageDir, 'ready');
const failedFile = (imageDir: string) => join(imageDir, 'failed');

/** Starts a demo portal on `imageDir/data`, stops it cleanly, and marks the image ready (or failed, with the output). */
export async function prepareDemoImage(imageDir: string): Promise<void> {
  try {
    const portal = await startPortalProcess(
      { DATA_DIR: join(imageDir, 'data'), DEMO: 'true', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn', PASSWORD_HASH_COST: 'test' },
      300_000,
    );
    const code = await portal.stop();
    if (code !== 0) throw new Error(`the demo portal stopped with ${code}:\n${portal.output()}`);
    writeFileSync(readyFile(imageDir), '');
  } catch (error) {
    writeFileSync(failedFile(imageDir), String((error as Error).message));
  }
}

/**
 * Waits for the image and copies its data directory to `dataDir`. False when the image could not
 * be made (e.g. the portal did not stop cleanly on a loaded machine): the caller then starts on a
 * fresh directory, as before, which is slower but tests the same.
 */
export async function copyDemoImage(imageDir: string, dataDir: string, timeoutMs = 300_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(readyFile(imageDir))) {
    if (existsSync(failedFile(imageDir))) {
      console.warn(
        `the demo image could not be made, starting on a fresh directory: ${readFileSync(failedFile(imageDir), 'utf8').slice(0, 2000)}`,
      );
      return false;
    }
    if (Date.now() > until) return false;
    await sleep(200);
  }
  cpSync(join(imageDir, 'data'), dataDir, { recursive: true });
  return true;
}
