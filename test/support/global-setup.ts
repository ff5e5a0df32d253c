import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile as readFileAsync, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { connectPostgres, openEmbedded } from '../../api/src/db/connect.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { prepareDemoImage } from './demo-image.ts';

/**
 * Starts a throwaway PostgreSQL cluster on loopback for the whole test run (initdb in a temp dir,
 * as the `postgres` user when running as root) and tears it down afterwards. Every test file then
 * creates its own database in it. TEST_DATABASE_URL skips this and uses a server you already run.
 *
 * Test databases are clones, not built one by one: migrating a database and (for PGlite) its
 * initdb cost seconds each, and the suite opens about a hundred. So the schema is migrated once
 * here, into a template database on PostgreSQL (`create database … template …`, support/engines.ts)
 * and into a PGlite whose data directory is dumped to a file (opened with `loadDataDir`); an empty
 * PGlite is dumped too, for tests that migrate themselves.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** The migrated template database on that server: nobody connects to it (allow_connections is off). */
    postgresTemplate: string;
    /** Files holding PGlite data-directory dumps (uncompressed tar): a fresh cluster, and one migrated. */
    pgliteDumps: { empty: string; migrated: string };
    /** A directory where the demo data directory appears (support/demo-image.ts), for the browser tests. */
    demoImage: string;
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
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });

  const init = run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${join(dir, 'pwfile')}`,
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const args = [join(bin, 'postgres'), '-D', dataDir, ...options.split(' ')];
  const spawnServer = () =>
    asRoot ? spawn('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' }) : spawn(args[0], args.slice(1), { stdio: 'ignore' });
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

/** Migrates a new database on the server into a template for the test databases; returns its name. */
async function createPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `rp_template_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    const template = await connectPostgres(adminUrl.replace(/\/[^/]*$/, `/${name}`), 1);
    try {
      await migrate(template.sql);
    } finally {
      await template.close();
    }
    // A clone fails while anyone is connected to its template: let nobody connect from now on.
    await admin.unsafe(`alter database ${name} with allow_connections false`);
  } finally {
    await admin.end();
  }
  return name;
}

async function dropPostgresTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name}`);
  } finally {
    await admin.end();
  }
}

/** An empty and a migrated PGlite data directory, dumped to files in `dir`. */
async function createPgliteDumps(dir: string): Promise<{ empty: string; migrated: string }> {
  const files = { empty: join(dir, 'pglite-empty.tar'), migrated: join(dir, 'pglite-migrated.tar') };
  const fresh = await PGlite.create();
  try {
    await writeFile(files.empty, Buffer.from(await (await fresh.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await fresh.close();
  }
  // Migrated through the same path as the portal (postgres.js over pglite-socket).
  const db = await openEmbedded({
    pgliteDir: undefined,
    socketPath: join(dir, 'template.sock'),
    loadDataDir: new Blob([await readFileAsync(files.empty)]),
  });
  try {
    await migrate(db.sql);
    await writeFile(files.migrated, Buffer.from(await (await db.pglite!.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await db.close();
  }
  return files;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dumpDir = mkdtempSync(join(tmpdir(), 'rp-pglite-dumps-'));
  // Made in the background while the first test files run; the browser tests wait for it.
  const demoImageDir = mkdtempSync(join(tmpdir(), 'rp-demo-image-'));
  const demoImage = prepareDemoImage(demoImageDir);
  const external = process.env.TEST_DATABASE_URL;
  // Both at once: PostgreSQL starts in its own processes while PGlite runs here.
  const [cluster, dumps] = await Promise.all([external ? undefined : startPostgresCluster(), createPgliteDumps(dumpDir)]);
  const adminUrl = external ?? cluster!.url;
  let template: string;
  try {
    template = await createPostgresTemplate(adminUrl);
  } catch (error) {
    await cluster?.stop();
    throw error;
  }
  project.provide('postgresAdminUrl', adminUrl);
  project.provide('postgresTemplate', template);
  project.provide('pgliteDumps', dumps);
  project.provide('demoImage', demoImageDir);
  return async () => {
    await demoImage;
    rmSync(demoImageDir, { recursive: true, force: true });
    rmSync(dumpDir, { recursive: true, force: true });
    if (cluster) await cluster.stop();
    else await dropPostgresTemplate(adminUrl, template);
  };
}
