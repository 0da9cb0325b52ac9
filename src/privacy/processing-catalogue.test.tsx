import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { createI18n, LANGUAGES } from '../platform/i18n.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { IDLE_TIMEOUT_MS } from '../platform/http/sessions.ts';
import { privacyMessages } from './messages.ts';
import { PROCESSING_CATALOGUE, retentionText, TABLES_WITHOUT_PERSONAL_DATA } from './processing-catalogue.ts';
import { PrivacyStatement } from './statements.tsx';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('the processing catalogue behind the privacy statement', () => {
  it('R20 R25: every table of the migrated database is in exactly one processing activity, or listed as holding no personal data', async () => {
    const tables = (await database.db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name).sort();
    expect(tables).toContain('messages');
    const claimed = [...PROCESSING_CATALOGUE.flatMap((activity) => activity.tables), ...Object.keys(TABLES_WITHOUT_PERSONAL_DATA)];
    expect(claimed.filter((table, index) => claimed.indexOf(table) !== index)).toEqual([]);
    expect(tables.filter((table) => !claimed.includes(table))).toEqual([]);
    expect(claimed.filter((table) => !tables.includes(table))).toEqual([]);
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
});
