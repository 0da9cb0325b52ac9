import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../modules.ts';
import { openDatabase, type DatabaseHandle } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { profileMigrations } from '../profile/index.ts';
import { identityMigrations } from './index.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  // An unmigrated embedded database: this test walks the migrations itself (the SQL is the same on PostgreSQL).
  database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(async () => {
  await database?.close();
});

describe('migration 0022: the usage history moves into the processing log', () => {
  it('R5 R23: every citizen_activity entry becomes one usage record with the same id, time, actor, login and detail', async () => {
    // Everything before 0022 (later identity migrations build on the processing log).
    const before = Object.fromEntries(Object.entries(identityMigrations).filter(([name]) => name < '0022-processing-log'));
    await migrateToLatest(database.db, { ...before, ...profileMigrations });
    const citizen = randomUUID();
    const login = randomUUID();
    const entries = [
      { id: '01900000-0000-7000-8000-000000000001', at: '2025-01-02T10:00:00Z', action: 'login', detail: 'midden', login, actor: citizen },
      { id: '01900000-0000-7000-8000-000000000002', at: '2025-01-02T10:05:00Z', action: 'notification-sent', detail: null, login: null, actor: null },
    ];
    for (const entry of entries) {
      await sql`insert into citizen_activity (citizen_id, activity_id, occurred_at, action, detail, login_id, actor_citizen_id)
                values (${citizen}, ${entry.id}, ${entry.at}, ${entry.action}, ${entry.detail}, ${entry.login}, ${entry.actor})`.execute(database.db);
    }
    await migrateDatabase(database.db);
    const rows = await database.db.selectFrom('processing_log').selectAll().orderBy('start_time').execute();
    expect(rows.map((row) => ({ id: row.log_id, at: new Date(row.start_time).toISOString(), action: row.operation_name, detail: row.detail, login: row.login_id, actor: row.actor_citizen_id }))).toEqual(
      entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ data_subject_id: citizen, status_code: 1, processing_activity_id: 'urn:burgerportaal:verwerkingsactiviteit:gebruik' });
      expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(row.operation_id).toMatch(/^[0-9a-f]{16}$/);
    }
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'citizen_activity'`.execute(database.db);
    expect(left.rows[0]?.n).toBe(0);
  });
});
