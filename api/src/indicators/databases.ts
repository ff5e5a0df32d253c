/**
 * Where an indicator read goes. The figures may come from a streaming replica (DATABASE_READ_URL);
 * the access-log entry that every read writes always goes to the primary, because the chain has
 * one head and a replica is read-only. A plain handle (the embedded database, a dialogue snapshot
 * that must see the primary's latest submissions) is both.
 */
import type { Sql } from '../db/connect.ts';

export interface IndicatorDatabases {
  read: Sql;
  log: Sql;
}

export function indicatorDatabases(db: Sql | IndicatorDatabases): IndicatorDatabases {
  return typeof db === 'function' ? { read: db, log: db } : db;
}
