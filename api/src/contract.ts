import pino from 'pino';
import { createApp } from './app.ts';
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
  const app = createApp({ sql: noDatabase, engine: 'postgres', logger: pino({ level: 'silent' }), hsts: false });
  return renderOpenApiYaml(app);
}
