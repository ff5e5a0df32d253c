import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createApp, type AppDeps } from '../../api/src/app.ts';
import { checkingContract } from './contract.ts';
import type { TestDatabase } from './engines.ts';

export function testKeys() {
  return {
    tokenSigningKey: generateKeyPairSync('ed25519').privateKey,
    checkpointSigningKey: generateKeyPairSync('ed25519').privateKey,
    secretBoxKey: Uint8Array.from(randomBytes(32)),
    pseudonymKeys: [Uint8Array.from(randomBytes(32))],
  };
}

/**
 * The real app on a test database; requests go through `app.request()` (or `app.fetch` behind a
 * real HTTP server). Every answer is checked against openapi.yaml (support/contract.ts): a test
 * that receives an answer the contract does not describe fails.
 */
export function createTestApp(
  db: TestDatabase,
  keys = testKeys(),
  options: {
    logger?: Logger;
    uploadLimits?: AppDeps['uploadLimits'];
    oidc?: AppDeps['oidc'];
    trustedProxies?: string[];
    anonymousRequestsPerMinute?: number;
  } = {},
) {
  const checkpointFile = join(mkdtempSync(join(tmpdir(), 'rp-cp-')), 'checkpoints.jsonl');
  const app = createApp({
    sql: db.sql,
    engine: db.engine,
    logger: options.logger ?? pino({ level: 'silent' }),
    keys,
    cookieSecure: false,
    checkpointFile,
    uploadLimits: options.uploadLimits,
    oidc: options.oidc,
    trustedProxies: options.trustedProxies,
    anonymousRequestsPerMinute: options.anonymousRequestsPerMinute,
  });
  // `app.request()` calls `this.fetch`, so wrapping `fetch` checks both ways in.
  app.fetch = checkingContract(app.fetch);
  return Object.assign(app, { keys, checkpointFile });
}

/** A logger that keeps every line it writes, so tests can check what never reaches the logs. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => lines.push(line) }), lines };
}
