// @ts-check
/**
 * The build: the web app (Vite → web/dist) and the API server and CLI compiled to JavaScript
 * (tsc with tsconfig.build.json → dist/, plus the files api/src reads next to its modules: the
 * migrations).
 *
 *   npm run build                           both, always (a release; the production image)
 *   npm run build:web                       the web app only, with Vite's full output
 *   node scripts/build.mjs --if-stale [...] only what is missing or older than its sources
 *
 * Plain JavaScript, so that it runs on a bare `node` before anything is compiled. `npm start` and
 * `npm run portal` (scripts/start.mjs, scripts/portal.mjs) check staleness in their own process
 * (milliseconds) and run this file only when something must be built. Types are not checked here
 * (tsc --noCheck: seconds instead of tens of seconds): `npm run typecheck` and `npm test` check them.
 * Building needs the devDependencies (vite, typescript, the web app's packages); the production
 * image builds, then prunes them (docs/deployment.md).
 *
 * Each part is built in a folder of its own under .build/ and then moved into place, under a lock
 * (.build/lock), so that two builders (a test run and `npm start`) never write over each other and
 * a starting server never reads a half-written tree.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const at = (/** @type {string} */ path) => join(projectRoot, path);
const workDir = at('.build');
const stampName = '.build-stamp.json';

/**
 * @typedef {'web' | 'api'} Part
 * @typedef {{ builtAt: number, sources?: string[], lockfile?: string }} Stamp
 */

/**
 * What each part is built from and where it goes. `sources` of the API are read from its stamp.
 * The web build also depends on the installed versions (React, the design system): compared by the
 * lockfile's content, as `npm ci` and `npm prune` rewrite it unchanged.
 */
const parts = {
  web: {
    out: 'web/dist',
    sources: ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'schemas'],
    lockfile: true,
  },
  api: {
    out: 'dist',
    // Besides the files tsc compiled (listed in the stamp): the settings and the migrations.
    sources: ['tsconfig.json', 'tsconfig.build.json', 'api/src/db/migrations'],
    lockfile: false,
  },
};

/** A hash of package-lock.json (undefined without one). */
function lockfileHash() {
  const text = readText(at('package-lock.json'));
  return text === undefined ? undefined : createHash('sha256').update(text).digest('hex');
}

/** @param {string} path @returns {Stamp | undefined} */
function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The newest file or folder (a folder's time changes when an entry is added or removed) among
 * `paths`, relative to the project root; missing paths are skipped.
 * @param {string[]} paths
 * @param {boolean} recurse
 */
function newest(paths, recurse) {
  /** @type {{ path: string, mtimeMs: number } | undefined} */
  let found;
  /** @param {string} path */
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (!found || stat.mtimeMs > found.mtimeMs) found = { path: relative(projectRoot, path), mtimeMs: stat.mtimeMs };
    if (recurse && stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  paths.forEach((path) => visit(at(path)));
  return found;
}

/**
 * Why `part` must be built, or undefined when its output is newer than all of its sources.
 * @param {Part} part
 */
export function reasonToBuild(part) {
  const { out, sources, lockfile } = parts[part];
  const stamp = readStamp(at(join(out, stampName)));
  if (!stamp) return `no build in ${out}/ yet`;
  if (lockfile && stamp.lockfile !== lockfileHash()) return 'package-lock.json changed';
  const candidates = [newest(sources, true)];
  if (stamp.sources) {
    // The compiled files themselves, and their folders (a file added or deleted there).
    candidates.push(newest(stamp.sources, false), newest([...new Set(stamp.sources.map((file) => dirname(file)))], false));
  }
  const changed = candidates.filter((c) => c !== undefined).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  return changed && changed.mtimeMs > stamp.builtAt ? `${changed.path} changed` : undefined;
}

/** Whether the build tools (devDependencies) are installed: not after `npm prune --omit=dev`. */
export function canBuild() {
  return ['typescript', 'vite'].every((name) => existsSync(at(join('node_modules', name, 'package.json'))));
}

/**
 * What a launcher (npm start, npm run portal) calls before it imports dist/: builds the stale
 * parts in a child process (so that Vite's memory and its NODE_ENV never reach the server) and
 * reports on `log`. Throws when a part is missing and cannot be built.
 * @param {Part[]} wanted
 * @param {{ log: (line: string) => void, quietWhenUpToDate?: boolean, buildOutput: 'inherit' | 'stderr' }} options
 */
export function ensureBuilt(wanted, { log, quietWhenUpToDate = false, buildOutput }) {
  const stale = wanted.filter((part) => reasonToBuild(part) !== undefined);
  if (stale.length === 0) {
    if (!quietWhenUpToDate) log(`build: ${wanted.map((part) => `${parts[part].out}/`).join(' and ')} up to date`);
    return;
  }
  if (!canBuild()) {
    const missing = stale.filter((part) => !existsSync(at(join(parts[part].out, stampName))));
    if (missing.length > 0) {
      throw new Error(
        `${missing.map((part) => `${parts[part].out}/`).join(' and ')} not built, and the build tools are not installed: run \`npm ci\` then \`npm run build\``,
      );
    }
    for (const part of stale)
      log(
        `build: ${parts[part].out}/ is older than its sources (${reasonToBuild(part)}) but the build tools are not installed: running it as built`,
      );
    return;
  }
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--if-stale', ...stale], {
    cwd: projectRoot,
    stdio: ['ignore', buildOutput === 'stderr' ? 2 : 'inherit', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`the build failed (exit ${child.status ?? child.signal}); the lines above say why`);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number} pid */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding .build/lock (a folder: mkdir either creates it or fails). A lock whose
 * process has ended is taken over.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withBuildLock(work) {
  const lock = join(workDir, 'lock');
  mkdirSync(workDir, { recursive: true });
  let said = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      const pid = Number(readText(join(lock, 'pid')) ?? 0);
      const abandoned = pid ? !isRunning(pid) : Date.now() - (statSafe(lock)?.mtimeMs ?? 0) > 30_000;
      if (abandoned) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!said) console.log(`build: waiting for another build (process ${pid || 'unknown'})`);
      said = true;
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** @param {string} path */
function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** @param {string} path */
function statSafe(path) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Moves a finished tree into place: the old one is moved aside first, so the swap leaves no moment
 * with a half-written output, then removed.
 * @param {string} built
 * @param {string} out
 */
function moveIntoPlace(built, out) {
  const old = join(workDir, `old-${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(out)) renameSync(out, old);
  renameSync(built, out);
  rmSync(old, { recursive: true, force: true });
}

/** @param {string} dir @returns {string[]} every file below dir, relative to it */
function filesBelow(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** @param {{ verbose: boolean }} options */
async function buildWeb({ verbose }) {
  const builtAt = Date.now();
  const target = join(workDir, `web-${process.pid}`);
  rmSync(target, { recursive: true, force: true });
  // Vite takes NODE_ENV over its mode, and React ships its development build (40% larger, slower)
  // unless NODE_ENV is "production"; under vitest NODE_ENV is "test". The build is always for use.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: at('web/vite.config.ts'), logLevel: verbose ? 'info' : 'warn', build: { outDir: target, emptyOutDir: true } });
  writeFileSync(join(target, stampName), `${JSON.stringify({ builtAt, lockfile: lockfileHash() })}\n`);
  moveIntoPlace(target, at(parts.web.out));
}

async function buildApi() {
  const builtAt = Date.now();
  const target = join(workDir, `dist-${process.pid}`);
  rmSync(target, { recursive: true, force: true });
  const tsc = join(dirname(fileURLToPath(import.meta.resolve('typescript'))), '..', 'bin', 'tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', at('tsconfig.build.json'), '--noCheck', '--outDir', target], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (compiled.status !== 0) {
    rmSync(target, { recursive: true, force: true });
    throw new Error(`tsc failed:\n${compiled.stdout}${compiled.stderr}`);
  }
  // Files a module reads from beside itself (api/src/db/migrations/*.sql) go beside the compiled module.
  for (const file of filesBelow(at('api/src')).filter((file) => !file.endsWith('.ts'))) {
    cpSync(at(join('api/src', file)), join(target, 'api/src', file));
  }
  const sources = filesBelow(target)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.replace(/\.js$/, '.ts'));
  writeFileSync(join(target, stampName), `${JSON.stringify({ builtAt, sources }, null, 1)}\n`);
  moveIntoPlace(target, at(parts.api.out));
}

/** @param {string[]} args */
async function main(args) {
  const ifStale = args.includes('--if-stale');
  const named = /** @type {Part[]} */ (args.filter((arg) => arg === 'web' || arg === 'api'));
  const unknown = args.filter((arg) => arg !== '--if-stale' && !named.includes(/** @type {Part} */ (arg)));
  if (unknown.length > 0) {
    console.error(`build: unknown argument ${unknown.join(' ')}; usage: node scripts/build.mjs [--if-stale] [web] [api]`);
    process.exit(2);
  }
  const wanted = named.length > 0 ? named : /** @type {Part[]} */ (['web', 'api']);
  await withBuildLock(async () => {
    for (const part of wanted) {
      // Checked again under the lock: another builder may just have built it.
      const reason = ifStale ? reasonToBuild(part) : 'asked for';
      if (!reason) {
        console.log(`build: ${parts[part].out}/ up to date`);
        continue;
      }
      const started = performance.now();
      try {
        if (part === 'web') await buildWeb({ verbose: !ifStale });
        else await buildApi();
      } catch (error) {
        console.error(`build: ${parts[part].out}/ FAILED (${reason}): ${error instanceof Error ? error.message : String(error)}`);
        if (part === 'web') console.error('build: fix the error above, or run `npm run build:web` to see the full Vite output.');
        process.exitCode = 1;
        return;
      }
      console.log(
        `build: ${part === 'web' ? 'built' : 'compiled'} ${parts[part].out}/ in ${((performance.now() - started) / 1000).toFixed(1)} s (${reason})`,
      );
    }
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
