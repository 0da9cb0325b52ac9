import type { ColumnType } from 'kysely';
import type { SessionData } from '../http/sessions.ts';

/** Timestamps are written as Date and read as Date on both drivers. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface SessionsTable {
  session_hash: Bytes;
  citizen_id: string | null;
  login_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  data: ColumnType<SessionData, string, string>;
}

/**
 * The database as Kysely sees it. The platform declares only its own table; every module adds its
 * tables in its own schema.ts by declaration merging, so a new module never edits this file.
 */
export interface Database {
  sessions: SessionsTable;
}
