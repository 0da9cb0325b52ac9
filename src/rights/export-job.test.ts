import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { citizenIdOf, giveVerifiedEmail, loggedInClient } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

const johanna = DEMO_CITIZENS[0]!;

let t: TestPortal;
beforeAll(async () => {
  // EXPORT_INLINE_MS=0: every export counts as large and is built by the job, which the test runs.
  t = await startTestPortal({ EXPORT_INLINE_MS: '0', EXPORT_RETENTION_HOURS: '24' }, { workers: false });
});
afterAll(async () => {
  await t.close();
});

describe('access export as a job', () => {
  it('R20: a large export is built by the job, the citizen is mailed when it is ready, and it is deleted after the keeping time', async () => {
    const client = await loggedInClient(t, johanna.bsn);
    const citizenId = await citizenIdOf(t, johanna.bsn);
    await giveVerifiedEmail(t, johanna.bsn, 'johanna.job@example.org');
    const asked = await client.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'lijst' });
    expect(asked.html).toContain('data-status="pending"');
    expect(asked.html).not.toContain('data-testid="download-json"');

    const { built } = await t.portal.modules.rights.exports.runJob();
    expect(built).toBe(1);
    const mail = await t.portal.mailCatcher!.waitFor((m) => m.to.includes('johanna.job@example.org') && m.subject.includes('klaar'));
    // The mail says where, not what: no personal data in it.
    expect(mail.text).toContain('/mijn-rechten/inzage');
    expect(mail.text).not.toContain(johanna.bsn);
    const ready = await client.text('/mijn-rechten/inzage');
    const jsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(ready.html)?.[1] ?? '';
    const exported = (await (await client.get(jsonHref)).json()) as { sections: { account: { account: { bsn: string } } } };
    expect(exported.sections.account.account.bsn).toBe(johanna.bsn);
    // A second run finds nothing to build.
    expect((await t.portal.modules.rights.exports.runJob()).built).toBe(0);

    t.clock.advance(25 * 3600 * 1000);
    const { deleted } = await t.portal.modules.rights.exports.runJob();
    expect(deleted).toBe(1);
    expect(await t.portal.db.selectFrom('access_exports').select('export_id').where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
    const later = await loggedInClient(t, johanna.bsn);
    expect((await later.get(jsonHref)).status).toBe(404);
  });
});
