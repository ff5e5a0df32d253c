import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { apiRouterOf, createApp } from './app.ts';
import type { Sql } from './db/connect.ts';
import { renderOpenApiYaml } from './http/openapi.ts';

/**
 * The contract is a property of the routes alone. To render it without a database, the app is
 * built with a database handle that refuses to be used: rendering never runs a handler.
 */
export function renderContract(): string {
  const noDatabase = new Proxy(() => {}, {
    get: () => {
      throw new Error('the contract renderer has no database');
    },
    apply: () => {
      throw new Error('the contract renderer has no database');
    },
  }) as unknown as Sql;
  const keys = {
    tokenSigningKey: generateKeyPairSync('ed25519').privateKey,
    checkpointSigningKey: generateKeyPairSync('ed25519').privateKey,
    secretBoxKey: new Uint8Array(32),
    pseudonymKeys: [new Uint8Array(32)],
  };
  const app = createApp({
    sql: noDatabase,
    engine: 'postgres',
    logger: pino({ level: 'silent' }),
    keys,
    cookieSecure: false,
    checkpointFile: '/dev/null',
  });
  return renderOpenApiYaml(apiRouterOf(app));
}
