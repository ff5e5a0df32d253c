import pino from 'pino';
import { createApp } from '../../api/src/app.ts';
import type { TestDatabase } from './engines.ts';

/** The real app on a test database; requests go through `app.request()`. */
export function createTestApp(db: TestDatabase) {
  return createApp({ sql: db.sql, engine: db.engine, logger: pino({ level: 'silent' }), hsts: false });
}
