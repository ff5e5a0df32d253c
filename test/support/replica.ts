import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin } from './global-setup.ts';

/**
 * A streaming replica of a PostgreSQL cluster on loopback, as docs/deployment.md sets one up:
 * `pg_basebackup -R` (a base backup that starts as a standby, with primary_conninfo written for
 * it), then the server on its own port with hot_standby_feedback on. Runs as the `postgres` user
 * when the tests run as root, like the primary of startPostgresCluster.
 */
export interface Replica {
  url: string;
  stop(): Promise<void>;
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

export async function startStreamingReplica(primaryUrl: string): Promise<Replica> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rp-replica-'));
  const dataDir = join(dir, 'data');
  if (asRoot) {
    chmodSync(dir, 0o777);
    spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });
  const backup = run(join(bin, 'pg_basebackup'), ['--dbname', primaryUrl, '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  if (backup.status !== 0) throw new Error(`pg_basebackup failed: ${backup.stderr}`);
  const port = await freePort();
  const args = [
    join(bin, 'postgres'),
    '-D',
    dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `port=${port}`,
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'hot_standby=on',
    '-c',
    'hot_standby_feedback=on',
    '-c',
    'max_connections=200',
  ];
  const server: ChildProcess = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' })
    : spawn(args[0], args.slice(1), { stdio: 'ignore' });
  for (let attempt = 0; ; attempt++) {
    if (spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
    if (attempt > 200) throw new Error('the replica did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: primaryUrl.replace(/@127\.0\.0\.1:\d+\//, `@127.0.0.1:${port}/`),
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
        clearTimeout(timer);
        if (server.exitCode === null) server.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
