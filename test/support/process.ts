import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${projectRoot}node_modules/.bin/tsx`;

export interface PortalProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * The commands behind `npm start` and `npm run portal`: the compiled server and CLI (dist/), built
 * first when stale (scripts/build.mjs). Without npm's `sh -c` in between, so signals reach the server.
 */
export const npmStart = [process.execPath, ['scripts/start.mjs']] as const;
export const npmRunPortal = [process.execPath, ['scripts/portal.mjs']] as const;

/**
 * Starts the real server process and waits for its URL. The default goes through the tsx CLI
 * (the TypeScript sources, no build), which runs the server in a child process and relays signals
 * to it; `runner: 'node'` runs the sources in one process (`node --import tsx`); `runner:
 * 'npm-start'` runs what `npm start` runs: the compiled server, in one process.
 */
export function startPortalProcess(
  env: Record<string, string>,
  timeoutMs = 90_000,
  runner: 'tsx' | 'node' | 'npm-start' = 'tsx',
): Promise<PortalProcess> {
  const [command, args] =
    runner === 'npm-start'
      ? [npmStart[0], [...npmStart[1]]]
      : runner === 'node'
        ? [process.execPath, ['--import', 'tsx', 'api/src/main.ts']]
        : [tsx, ['api/src/main.ts']];
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start in time:\n${output}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = output.match(/running at (http:\/\/\S+)/);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          output: () => output,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Runs a command to completion: exit code and everything it printed. */
export function runToEnd(command: string, args: string[], env: Record<string, string>, timeoutMs = 90_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const tsxBin = tsx;
