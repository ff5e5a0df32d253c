import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts a throwaway PostgreSQL cluster on loopback for the whole test run (initdb in a temp dir,
 * as the `postgres` user when running as root) and tears it down afterwards. Every test file then
 * creates its own database in it. TEST_DATABASE_URL skips this and uses a server you already run.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export function findPostgresBin(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'dirname "$(command -v initdb)"'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '.') return which.stdout.trim();
  throw new Error('PostgreSQL server binaries (initdb) not found: apt-get install postgresql, or set TEST_DATABASE_URL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PostgresCluster {
  url: string;
  stop(): Promise<void>;
  /** Stops the server but keeps its data (`pg_ctl stop -m fast|immediate`); reliability tests use it. */
  pause(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the paused server again on the same port and data, and waits until it accepts connections. */
  resume(): Promise<void>;
  /** The OS user PostgreSQL runs as when the tests run as root (a tablespace directory must be its). */
  osUser: string | undefined;
}

/** initdb + postgres on a free loopback port, in a temp dir; also used by the benchmarks. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rp-pg-'));
  const dataDir = join(dir, 'data');
  const password = `test-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) {
    chmodSync(dir, 0o777);
    spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });

  const init = run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const args = [join(bin, 'postgres'), '-D', dataDir, ...options.split(' ')];
  const spawnServer = () => (asRoot ? spawn('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' }) : spawn(args[0], args.slice(1), { stdio: 'ignore' }));
  let server = spawnServer();

  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const ready = join(bin, 'pg_isready');
  const waitUntilReady = async () => {
    for (let attempt = 0; ; attempt++) {
      if (spawnSync(ready, ['-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
      if (attempt > 100) throw new Error('PostgreSQL test cluster did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitUntilReady();
  const exitedOrTimeout = async (exited: Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
  };
  const isRunning = () => server.exitCode === null && server.signalCode === null;
  return {
    url,
    osUser: asRoot ? 'postgres' : undefined,
    async pause(mode = 'fast') {
      if (!isRunning()) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '20', 'stop']);
      await exitedOrTimeout(exited);
      if (isRunning()) throw new Error('PostgreSQL test cluster did not stop');
    },
    async resume() {
      if (isRunning()) return;
      server = spawnServer();
      await waitUntilReady();
    },
    async stop() {
      if (!isRunning()) {
        // Paused: nothing runs any more, only the files are left.
        rmSync(dir, { recursive: true, force: true });
        return;
      }
      // pg_ctl, not a signal to runuser: runuser does not pass every signal on, and a hung teardown hangs CI.
      const exited = new Promise((resolve) => server.once('exit', resolve));
      run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
      clearTimeout(timer); // a pending timer would keep vitest from exiting for its close timeout
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.url);
  return () => cluster.stop();
}
