import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectEmbeddedSocket } from '../../api/src/db/connect.ts';
import { runToEnd, startPortalProcess, tsxBin } from '../support/process.ts';

/**
 * Issue 8: a data directory the embedded database cannot write to. test/start.test.ts covers a
 * DATA_DIR that is a file; here it is a real data directory with a database in it that has become
 * read-only (a read-only mount, or permissions). The start stops with one line naming it, nothing in
 * the directory changes, and once it is writable again the portal starts on the same data.
 */

/** Every entry under `dir` with its type, size and content hash: equal fingerprints, nothing written. */
function fingerprint(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const visit = (path: string, name: string) => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      result[`${name}/`] = 'dir';
      for (const entry of readdirSync(path)) visit(join(path, entry), `${name}/${entry}`);
    } else if (stat.isFile()) {
      result[name] = `${stat.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    } else {
      result[name] = 'other';
    }
  };
  visit(dir, '.');
  return result;
}

/**
 * Makes `dir` read-only for the portal. Root ignores permissions, so as root a read-only bind mount
 * of the directory onto itself (EROFS); otherwise write permission is taken away (EACCES).
 * Returns the undo, or a reason when it cannot be done here.
 */
function makeReadOnly(dir: string): { undo: () => void } | { skip: string } {
  if (process.getuid?.() === 0) {
    const bind = spawnSync('mount', ['--bind', dir, dir], { encoding: 'utf8' });
    if (bind.status !== 0) return { skip: `running as root without permission to mount (${bind.stderr.trim()})` };
    const ro = spawnSync('mount', ['-o', 'remount,bind,ro', dir], { encoding: 'utf8' });
    const undo = () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        if (spawnSync('umount', [dir]).status === 0) return;
        spawnSync('sleep', ['0.25']);
      }
      spawnSync('umount', ['-l', dir]);
    };
    if (ro.status !== 0) {
      undo();
      return { skip: `cannot remount read-only (${ro.stderr.trim()})` };
    }
    return { undo };
  }
  const modes: Array<[string, number]> = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    modes.push([path, stat.mode & 0o7777]);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    chmodSync(path, stat.mode & 0o7555);
  };
  visit(dir);
  return { undo: () => modes.reverse().forEach(([path, mode]) => chmodSync(path, mode)) };
}

const startOnce = (env: Record<string, string>) => runToEnd(tsxBin, ['api/src/main.ts'], { PORT: '0', ...env });
const cli = (args: string[], env: Record<string, string>) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], env);

describe('a read-only data directory for the embedded database', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'rp-readonly-')), 'data');
  // Without the demo region (its load takes long): key files, the migrated schema, a few access-log
  // entries (refused logins) and rows of our own, written through the running server's socket.
  const env = { DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'warn' };
  const socket = join(dataDir, '.s.PGSQL.5432');

  beforeAll(async () => {
    expect((await cli(['keys', 'init'], env)).code).toBe(0);
    const portal = await startPortalProcess(env);
    try {
      for (let i = 0; i < 3; i++) {
        const login = await fetch(`${portal.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `nobody${i}@example.nl`, password: 'wrong-password-123', totp: '000000' }),
        });
        expect(login.status).toBe(401);
      }
      const db = await connectEmbeddedSocket(socket);
      await db.sql`create table reliability_marker as select g as n from generate_series(1, 1000) g`;
      await db.close();
    } finally {
      expect(await portal.stop('SIGTERM')).toBe(0);
    }
  }, 120_000);

  afterAll(() => rmSync(dirname(dataDir), { recursive: true, force: true }));

  for (const [what, readOnlyPath] of [
    ['DATA_DIR itself', () => dataDir],
    ['only the database inside it (DATA_DIR/pglite)', () => join(dataDir, 'pglite')],
  ] as const) {
    it(`${what}: the start stops with one line naming the directory, and nothing in it changes`, async ({ skip }) => {
      const before = fingerprint(dataDir);
      const readOnly = makeReadOnly(readOnlyPath());
      if ('skip' in readOnly) return skip(readOnly.skip);
      let start, verify;
      try {
        start = await startOnce(env);
        // The CLI (server stopped: it would open the directory itself) says so too.
        verify = await cli(['audit', 'verify'], env);
      } finally {
        readOnly.undo();
      }
      expect(start.code).toBe(1);
      expect(start.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(start.stderr).toMatch(
        new RegExp(
          `^Resultaatportaal cannot start: the data directory ${readOnlyPath()} is not writable \\((EROFS|EACCES)\\): set DATA_DIR to a writable directory`,
        ),
      );
      expect(verify.code).toBe(1);
      expect(JSON.parse(verify.stdout).error.message.en).toMatch(new RegExp(`^the data directory ${dataDir}(/pglite)? is not writable`));
      expect(fingerprint(dataDir)).toEqual(before);
    }, 60_000);
  }

  it('once writable again, the portal starts on the same data, and the access log verifies', async () => {
    const portal = await startPortalProcess(env);
    try {
      expect(await (await fetch(`${portal.url}/api/v1/readyz`)).json()).toEqual({ status: 'ready', database: 'pglite' });
      const db = await connectEmbeddedSocket(socket);
      const [marker] = await db.sql`select count(*)::int as rows, sum(n)::int as total from reliability_marker`;
      await db.close();
      expect(marker).toEqual({ rows: 1000, total: 500_500 });
      // Through the running server's socket: the chain holds, the refused logins included.
      const verify = JSON.parse((await cli(['audit', 'verify'], env)).stdout);
      expect(verify).toMatchObject({ ok: true });
      expect(verify.checkedThrough).toBeGreaterThanOrEqual(3);
    } finally {
      expect(await portal.stop('SIGTERM')).toBe(0);
    }
  }, 60_000);
});
