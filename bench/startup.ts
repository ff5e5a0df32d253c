import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Cold start of the portal on the embedded database, as `npm start` runs it (web build already
 * present): time until the URL is printed on a fresh data directory (PGlite init + migrations +
 * 20k demo records), then a warm restart on the same directory, with resident memory of each.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

async function startOnce(dataDir: string): Promise<{ seconds: number; rssMb: number; peakMb: number; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
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

const dir = mkdtempSync(join(tmpdir(), 'rp-bench-start-'));
try {
  const cold = await startOnce(join(dir, 'data'));
  const warm = await startOnce(join(dir, 'data'));
  console.log('startup (embedded PGlite, demo mode)');
  console.log(`  cold start (fresh data dir, 20k demo records): ${cold.seconds.toFixed(2)} s to URL; RSS ${cold.rssMb.toFixed(0)} MB (peak ${cold.peakMb.toFixed(0)} MB); first /readyz ${cold.readyMs.toFixed(1)} ms`);
  console.log(`  warm start (existing data dir):                ${warm.seconds.toFixed(2)} s to URL; RSS ${warm.rssMb.toFixed(0)} MB (peak ${warm.peakMb.toFixed(0)} MB); first /readyz ${warm.readyMs.toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
