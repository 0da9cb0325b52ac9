import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

function linkIn(text: string): string {
  const link = /(http:\/\/\S+\/mijn-account\/e-mail\/bevestigen\?token=\S+)/.exec(text)?.[1];
  if (!link) throw new Error('no verification link in mail');
  return link;
}

describe('Mijn account', () => {
  it('R5: shows the BSN masked, with a reveal that works without JavaScript', async () => {
    const person = DEMO_CITIZENS[0]!;
    const client = await loggedInClient(t, person.bsn);
    const { html } = await client.text('/mijn-account');
    expect(html).toContain(`data-testid="bsn-masked">••••••${person.bsn.slice(-3)}<`);
    expect(html).toMatch(new RegExp(`<details class="bp-reveal"><summary>Toon mijn volledige BSN</summary><span data-testid="bsn-full">${person.bsn}</span></details>`));
  });

  it('R5: the screen name can be changed, and is then used in the header', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[1]!.bsn);
    const saved = await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: 'Fatima E.' });
    expect(saved.html).toContain('Uw schermnaam is opgeslagen');
    expect(saved.html).toContain('value="Fatima E."');
    expect(saved.html).toMatch(/class="bp-header__name">Fatima E\.</);
    const tooLong = await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: 'x'.repeat(51) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain('hoogstens 50 tekens');
    expect(tooLong.html).toContain('value="Fatima E."');
  });

  it('R5: a new e-mail address is mailed a link over SMTP and counts only once verified', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[2]!.bsn);
    const requested = await client.submit('/mijn-account', '/mijn-account/e-mail', { email: 'pieter@example.nl' });
    expect(requested.html).toContain('Wij hebben een bevestigingslink gestuurd naar pieter@example.nl');
    expect(requested.html).toContain('U heeft geen e-mailadres ingesteld');
    const mail = await t.portal.mailCatcher!.waitFor((m) => m.to.includes('pieter@example.nl'));
    expect(mail.subject).toBe('Bevestig uw e-mailadres voor Burgerportaal');
    const link = linkIn(mail.text);
    const confirmed = await client.text(link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Uw e-mailadres is bevestigd');
    const account = await client.text('/mijn-account');
    expect(account.html).toMatch(/data-testid="email-status">pieter@example\.nl \(bevestigd op/);
    // The link works once.
    const again = await client.text(link);
    expect(again.status).toBe(400);
    expect(again.html).toContain('verlopen of al gebruikt');
  });

  it('R5: an invalid e-mail address is refused with a readable message and nothing is stored', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    const before = t.portal.mailCatcher!.mails.length;
    const refused = await client.submit('/mijn-account', '/mijn-account/e-mail', { email: 'niet-een-adres' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Vul een geldig e-mailadres in');
    expect(refused.html).toContain('aria-invalid="true"');
    const pending = await t.portal.database.db.selectFrom('email_verifications').selectAll().execute();
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(DEMO_CITIZENS[0]!.bsn);
    expect(pending.filter((row) => row.citizen_id === citizenId)).toHaveLength(0);
    expect(t.portal.mailCatcher!.mails.length).toBe(before);
  });

  it('R5: when the mail server refuses, the change is not stored and the citizen is told', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    t.portal.mailCatcher!.setFailing(true);
    try {
      const failed = await client.submit('/mijn-account', '/mijn-account/e-mail', { email: 'johanna@example.nl' });
      expect(failed.status).toBe(503);
      expect(failed.html).toContain('Wij konden de bevestigingsmail nu niet versturen');
    } finally {
      t.portal.mailCatcher!.setFailing(false);
    }
    const account = await client.text('/mijn-account');
    expect(account.html).not.toContain('johanna@example.nl (bevestigd');
    expect(account.html).toContain('Bevestigingsmail niet verstuurd');
  });

  it('R5: an expired verification link does not verify', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[1]!.bsn);
    await client.submit('/mijn-account', '/mijn-account/e-mail', { email: 'laat@example.nl' });
    const link = linkIn((await t.portal.mailCatcher!.waitFor((m) => m.to.includes('laat@example.nl'))).text);
    t.clock.advance(25 * 60 * 60 * 1000);
    const late = new HttpClient(t.baseUrl);
    expect((await late.text(link)).status).toBe(400);
  });

  it('R5: the usage history lists every login with start and end, and the actions taken', async () => {
    const person = DEMO_CITIZENS[2]!;
    const first = await loggedInClient(t, person.bsn);
    await first.submit('/', '/uitloggen', {});
    const second = await loggedInClient(t, person.bsn);
    const { html } = await second.text('/mijn-account');
    const logins = /data-testid="login-history">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(logins).toContain('(uitgelogd)');
    expect(logins).toContain('Nu ingelogd');
    const actions = /data-testid="activity-history">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    for (const label of ['Account geactiveerd', 'Ingelogd', 'Uitgelogd', 'E-mailadres bevestigd', 'Nieuw e-mailadres opgegeven']) {
      expect(actions).toContain(label);
    }
  });

  it('R5: one citizen never sees another citizen\'s account data', async () => {
    const a = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    const { html } = await a.text('/mijn-account');
    expect(html).not.toContain(DEMO_CITIZENS[2]!.bsn);
    expect(html).not.toContain('pieter@example.nl');
  });
});
