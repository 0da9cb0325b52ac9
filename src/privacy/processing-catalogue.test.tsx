import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { createI18n, LANGUAGES } from '../platform/i18n.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { IDLE_TIMEOUT_MS } from '../platform/http/sessions.ts';
import { privacyMessages } from './messages.ts';
import { sql } from 'kysely';
import { DATA_CATEGORIES, PROCESSING_CATALOGUE, retentionText, TABLES_WITHOUT_PERSONAL_DATA, undeclaredColumns } from './processing-catalogue.ts';
import { ProcessingRegister } from './processing-register.tsx';
import { PrivacyStatement } from './statements.tsx';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Every column of every table in the portal's schema, read from information_schema. */
async function liveColumns(): Promise<{ table: string; column: string }[]> {
  const result = await sql<{ table: string; column: string }>`select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(database.db);
  return result.rows;
}

describe('the processing catalogue behind the privacy statement', () => {
  it('R20 R25: every table of the migrated database is in exactly one processing activity, or listed as holding no personal data', async () => {
    const tables = (await database.db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name).sort();
    expect(tables).toContain('messages');
    const claimed = [...PROCESSING_CATALOGUE.flatMap((activity) => Object.keys(activity.columns)), ...Object.keys(TABLES_WITHOUT_PERSONAL_DATA)];
    expect(claimed.filter((table, index) => claimed.indexOf(table) !== index)).toEqual([]);
    expect(tables.filter((table) => !claimed.includes(table))).toEqual([]);
    expect(claimed.filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('R25 R31: every column of the live schema is declared in the catalogue, and a planted column fails', async () => {
    expect(undeclaredColumns(await liveColumns())).toEqual([]);
    const declared = PROCESSING_CATALOGUE.flatMap((activity) => Object.entries(activity.columns).flatMap(([table, columns]) => columns.map((column) => `${table}.${column}`)));
    expect(declared.filter((name, index) => declared.indexOf(name) !== index)).toEqual([]);
    const live = new Set((await liveColumns()).map(({ table, column }) => `${table}.${column}`));
    expect(declared.filter((name) => !live.has(name))).toEqual([]);

    await sql`alter table citizens add column phone_number text`.execute(database.db);
    await sql`create table helpdesk_notes (citizen_id uuid, note text)`.execute(database.db);
    try {
      expect(undeclaredColumns(await liveColumns())).toEqual(['citizens.phone_number', 'helpdesk_notes.citizen_id', 'helpdesk_notes.note']);
    } finally {
      await sql`alter table citizens drop column phone_number`.execute(database.db);
      await sql`drop table helpdesk_notes`.execute(database.db);
    }
  });

  it('R25: every activity is in a declared category, and each rule names a table of its activity, a clock, a period and an action', () => {
    for (const activity of PROCESSING_CATALOGUE) {
      expect(Object.keys(DATA_CATEGORIES), activity.id).toContain(activity.category);
      for (const rule of activity.rules) {
        expect(Object.keys(activity.columns), activity.id).toContain(rule.table);
        expect(rule.days === null || rule.days > 0, activity.id).toBe(true);
        expect(rule.enforcedBy, activity.id).not.toBe('');
      }
    }
    for (const category of ['visitor', 'user', 'self-entered', 'session-security-logs', 'notification-logs', 'messages', 'admin-logs'] as const) {
      expect(PROCESSING_CATALOGUE.filter((activity) => activity.category === category && activity.rules.length > 0).length, category).toBeGreaterThan(0);
    }
  });

  it('R20: each activity says why, what, on which basis, how long and to whom, in Dutch and English', () => {
    for (const activity of PROCESSING_CATALOGUE) {
      for (const language of LANGUAGES) {
        expect(activity.purpose[language], activity.id).not.toBe('');
        expect(activity.data.length, activity.id).toBeGreaterThan(0);
        expect(activity.recipients.length, activity.id).toBeGreaterThan(0);
        expect(retentionText(activity.retention, language), activity.id).not.toBe('');
      }
    }
  });

  it('R16 R20: the statement lists every activity, and session retention follows the session timeout in the code', () => {
    const { translator } = createI18n([privacyMessages]);
    for (const language of LANGUAGES) {
      const html = renderToString(<PrivacyStatement t={translator(language)} language={language} href={(path) => path} />);
      for (const activity of PROCESSING_CATALOGUE) expect(html).toContain(`data-id="${activity.id}"`);
      expect(html).toContain(`${IDLE_TIMEOUT_MS / 60_000} ${language === 'nl' ? 'minuten' : 'minutes'}`);
    }
  });

  it('R31: the processing register is generated from the catalogue: every category, activity, table and rule, no automated decisions, nothing outside the EU', () => {
    const { translator } = createI18n([privacyMessages]);
    for (const language of LANGUAGES) {
      const html = renderToString(<ProcessingRegister t={translator(language)} language={language} href={(path) => path} />);
      for (const category of Object.keys(DATA_CATEGORIES)) expect(html).toContain(`data-id="${category}"`);
      for (const activity of PROCESSING_CATALOGUE) {
        expect(html).toContain(`data-id="${activity.id}"`);
        for (const table of Object.keys(activity.columns)) expect(html).toContain(`<code>${table}</code>`);
        for (const rule of activity.rules) if (rule.days !== null) expect(html).toContain(String(rule.days));
      }
      expect(html).toContain('data-testid="no-automated-decisions"');
      expect(html).toContain(language === 'nl' ? 'geen geautomatiseerde besluiten' : 'no automated decisions');
      expect(html).toContain(language === 'nl' ? 'buiten de Europese Unie' : 'outside the European Union');
      const statement = renderToString(<PrivacyStatement t={translator(language)} language={language} href={(path) => path} />);
      expect(statement).toContain('href="/verwerkingsregister"');
    }
  });
});
