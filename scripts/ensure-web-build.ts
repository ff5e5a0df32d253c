/**
 * Runs before the server (`npm start`): builds the web app with Vite only when web/dist/index.html
 * is missing or older than any of its sources, then prints one line saying what it did.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(projectRoot, 'web');
const configFile = join(webDir, 'vite.config.ts');
const builtIndex = join(webDir, 'dist', 'index.html');
const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'public'), configFile];

/** The newest source file with its modification time, or undefined when there are none. */
function newestSource(paths: string[]): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (!newest || stat.mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs: stat.mtimeMs };
    }
  };
  paths.forEach(visit);
  return newest;
}

function reasonToBuild(): string | undefined {
  if (!existsSync(builtIndex)) return 'no build yet';
  const builtAt = statSync(builtIndex).mtimeMs;
  const newest = newestSource(sources);
  if (newest && newest.mtimeMs > builtAt) return `${relative(projectRoot, newest.path)} changed`;
  return undefined;
}

const reason = reasonToBuild();
if (!reason) {
  console.log('web: build is up to date (web/dist)');
} else {
  const started = performance.now();
  // Vite takes NODE_ENV over its mode, and React ships its development build (40% larger, slower)
  // unless NODE_ENV is "production"; under vitest NODE_ENV is "test". The build is always for use.
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel: 'warn' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`web: build FAILED (${reason}): ${message}`);
    console.error('web: fix the error above, or run `npm run build:web` to see the full Vite output.');
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`web: built web/dist in ${seconds} s (${reason})`);
}
