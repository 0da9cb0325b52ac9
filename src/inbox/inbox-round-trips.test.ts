import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { citizenIdOf } from '../../test/fixtures.ts';
import { headerCount, rowsOf, startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
/** Every statement the portal sent, in order. */
const statements: string[] = [];
/**
 * Statements that run on a timer, not per request: the organisation list is re-read every 10 s,
 * a session's last use written every 30 s. A slow machine may hit either; they are not the page's.
 */
const PERIODIC = /^select .* from "organisations"|^update "sessions" set "last_seen_at"/;

let f: InboxFixture;
beforeAll(async () => {
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: '600000' }, { workers: false, onQuery: (sql) => statements.push(sql) });
  await f.as(johanna);
});
afterAll(async () => {
  await f.close();
});

/** The statements one request sent, after a warm-up request for the same page. */
async function statementsOf(path: string) {
  const client = await f.as(johanna);
  await client.text(path);
  statements.length = 0;
  const page = await client.text(path);
  return { page, sent: statements.filter((sql) => !PERIODIC.test(sql)) };
}

describe('database round trips of the Inbox first page', () => {
  it('two statements: the session with the header name, then the page with its total and the unread count', async () => {
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    await f.t.portal.profile.setScreenName({ acting: { actor: { citizenId }, subject: { citizenId }, loginId: randomUUID() }, screenName: 'Jo' });
    for (let n = 1; n <= 3; n++) await f.deliver(f.gemeente, johanna.bsn, { subject: `Bericht ${n}` });

    const { page, sent } = await statementsOf('/berichten');
    expect(page.status).toBe(200);
    expect(rowsOf(page.html)).toHaveLength(3);
    expect(headerCount(page.html)).toBe(3);
    expect(page.html).toMatch(/class="bp-header__name">Jo</);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/from "sessions" where "session_hash"/);
    expect(sent[1]).toMatch(/count\(\*\) over \(\)/);
  });

  it('reads the name and the count afresh on the next request (nothing is kept between requests)', async () => {
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    await f.t.portal.profile.setScreenName({ acting: { actor: { citizenId }, subject: { citizenId }, loginId: randomUUID() }, screenName: 'Johanna B.' });
    await f.deliver(f.gemeente, johanna.bsn, { subject: 'Bericht 4' });
    const { page, sent } = await statementsOf('/berichten');
    expect(page.html).toMatch(/class="bp-header__name">Johanna B\.</);
    expect(headerCount(page.html)).toBe(4);
    expect(sent).toHaveLength(2);
  });

  it('an empty folder still shows the unread count of the Inbox', async () => {
    const { page, sent } = await statementsOf('/berichten?map=prullenbak');
    expect(page.status).toBe(200);
    expect(rowsOf(page.html)).toHaveLength(0);
    expect(headerCount(page.html)).toBe(4);
    expect(sent).toHaveLength(2);
  });
});
