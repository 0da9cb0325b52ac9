import type { Db } from '../platform/db/database.ts';
import type { RegisterSource } from '../registers/index.ts';

export interface RegisterDataRow {
  source: RegisterSource;
  status: 'ok' | 'unavailable';
  fetchedAt: Date;
  payloadEncrypted: Buffer | null;
}

function isSource(value: string): value is RegisterSource {
  return value === 'brp' || value === 'rdw' || value === 'woz' || value === 'benefits';
}

/** SQL for session_register_data: rows hang off a session and disappear with it (cascade). */
export class RegisterDataStore {
  constructor(private readonly db: Db) {}

  /** Writes (or replaces) the rows for one session; for a session already ended nothing is stored. */
  async save(sessionHash: Buffer, rows: RegisterDataRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.db
        .insertInto('session_register_data')
        .values(
          rows.map((row) => ({
            session_hash: sessionHash,
            source: row.source,
            status: row.status,
            fetched_at: row.fetchedAt,
            payload_encrypted: row.payloadEncrypted,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['session_hash', 'source']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            fetched_at: eb.ref('excluded.fetched_at'),
            payload_encrypted: eb.ref('excluded.payload_encrypted'),
          })),
        )
        .execute();
    } catch (error) {
      // 23503: the session row is gone (logged out meanwhile); its data must not outlive it.
      if ((error as { code?: unknown }).code === '23503') return;
      throw error;
    }
  }

  /** The rows of one session. */
  async list(sessionHash: Buffer): Promise<RegisterDataRow[]> {
    const rows = await this.db.selectFrom('session_register_data').selectAll().where('session_hash', '=', sessionHash).execute();
    return rows.flatMap((row) =>
      isSource(row.source)
        ? [
            {
              source: row.source,
              status: row.status === 'ok' ? ('ok' as const) : ('unavailable' as const),
              fetchedAt: new Date(row.fetched_at),
              payloadEncrypted: row.payload_encrypted ? Buffer.from(row.payload_encrypted) : null,
            },
          ]
        : [],
    );
  }
}
