import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../api/src/app.ts';
import type { TestDatabase } from './engines.ts';

export function testKeys() {
  return {
    tokenSigningKey: generateKeyPairSync('ed25519').privateKey,
    checkpointSigningKey: generateKeyPairSync('ed25519').privateKey,
    secretBoxKey: Uint8Array.from(randomBytes(32)),
    pseudonymKeys: [Uint8Array.from(randomBytes(32))],
  };
}

/** The real app on a test database; requests go through `app.request()`. */
export function createTestApp(db: TestDatabase, keys = testKeys()) {
  const checkpointFile = join(mkdtempSync(join(tmpdir(), 'rp-cp-')), 'checkpoints.jsonl');
  const app = createApp({ sql: db.sql, engine: db.engine, logger: pino({ level: 'silent' }), keys, cookieSecure: false, checkpointFile });
  return Object.assign(app, { keys, checkpointFile });
}
