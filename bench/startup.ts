import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Cold start of the portal on the embedded database, as `npm start` and production run it (the
 * compiled server, dist/api/src/main.js; built first when stale): time until the URL is printed on a
 * fresh data directory (PGlite init + migrations + 20k demo records), then a warm restart on the same
 * directory, with resident memory of each; and, for comparison, a warm start of the TypeScript
 * sources through tsx (`node --import tsx api/src/main.ts`, as the tests run it).
 */
const root = fileURLToPath(new URL('..', import.meta.url));

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

const compiled = ['dist/api/src/main.js'];
const throughTsx = ['--import', 'tsx', 'api/src/main.ts'];

async function startOnce(dataDir: string, args: string[]): Promise<{ seconds: number; rssMb: number; peakMb: number; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = output.match(/running at (http:\/\/\S+)/);
      if (match) {
        clearInterval(poll);
        resolve(match[1]);
      }
    }, 20);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  const seconds = (performance.now() - started) / 1000;
  const t = performance.now();
  await fetch(`${url}/api/v1/readyz`);
  const readyMs = performance.now() - t;
  const rssMb = residentMb(child.pid!);
  const peakMb = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)![1]) / 1024;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { seconds, rssMb, peakMb, readyMs };
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', 'api'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const dir = mkdtempSync(join(tmpdir(), 'rp-bench-start-'));
try {
  const cold = await startOnce(join(dir, 'data'), compiled);
  const warm = await startOnce(join(dir, 'data'), compiled);
  const tsx = await startOnce(join(dir, 'data'), throughTsx);
  console.log('startup (embedded PGlite, demo mode; the compiled server in dist/, as npm start and production run it)');
  console.log(
    `  cold start (fresh data dir, 20k demo records): ${cold.seconds.toFixed(2)} s to URL; RSS ${cold.rssMb.toFixed(0)} MB (peak ${cold.peakMb.toFixed(0)} MB); first /readyz ${cold.readyMs.toFixed(1)} ms`,
  );
  console.log(
    `  warm start (existing data dir):                ${warm.seconds.toFixed(2)} s to URL; RSS ${warm.rssMb.toFixed(0)} MB (peak ${warm.peakMb.toFixed(0)} MB); first /readyz ${warm.readyMs.toFixed(1)} ms`,
  );
  console.log(
    `  warm start of the sources through tsx:         ${tsx.seconds.toFixed(2)} s to URL; RSS ${tsx.rssMb.toFixed(0)} MB (peak ${tsx.peakMb.toFixed(0)} MB); first /readyz ${tsx.readyMs.toFixed(1)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
