import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { samplePdf } from '../../test/api-client.ts';
import { HttpClient } from '../../test/http-client.ts';
import { rowsOf, startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;

let f: InboxFixture;
beforeAll(async () => {
  f = await startInboxFixture();
  for (const person of [johanna, fatima, pieter]) await f.as(person);
});
afterAll(async () => {
  await f.close();
});

describe('ownership: one citizen never reaches another citizen\'s message', () => {
  const posts = ['ongelezen', 'archiveren', 'verwijderen', 'terugzetten'];

  it('R7: every inbox route answers a foreign message id with the normal 404 page and changes nothing', async () => {
    const marker = `Geheim-${randomUUID()}`;
    const id = await f.deliver(f.gemeente, johanna.bsn, {
      subject: `Onderwerp ${marker}`,
      body: `Inhoud ${marker}`,
      attachments: [{ filename: `${marker}.pdf`, contentType: 'application/pdf', content: samplePdf(marker).toString('base64') }],
    });
    const { folder, read_at } = await f.messageRow(id);
    const intruder = await f.as(fatima);
    for (const path of [`/berichten/${id}`, `/berichten/${id}/bijlagen/0`, `/berichten/${id.toUpperCase()}`]) {
      const answer = await intruder.text(path);
      expect(answer.status, path).toBe(404);
      expect(answer.html).toContain('Pagina niet gevonden');
      expect(answer.html).not.toContain(marker);
      expect(answer.html).not.toContain('%PDF');
    }
    for (const action of posts) {
      const answer = await intruder.submit('/berichten', `/berichten/${id}/${action}`, {});
      expect(answer.status, action).toBe(404);
      expect(answer.html).toContain('Pagina niet gevonden');
      expect(answer.html).not.toContain(marker);
    }
    // The notification worker may mark it notified meanwhile; the citizen-visible state must not change.
    expect(await f.messageRow(id)).toMatchObject({ folder, read_at });
    // The owner still has it, unread, in the Inbox.
    const owner = await f.as(johanna);
    expect(rowsOf((await owner.text('/berichten')).html).find((row) => row.id === id)?.unread).toBe(true);
  });

  it('R7: malformed or unknown ids and positions give the normal 404 page, never a 500', async () => {
    const client = await f.as(fatima);
    const own = await f.deliver(f.gemeente, fatima.bsn, { subject: 'Eigen bericht', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: samplePdf().toString('base64') }] });
    const badIds = ['abc', '1', 'null', encodeURIComponent("1' OR '1'='1"), '00000000-0000-0000-0000-00000000000g', encodeURIComponent('../../etc/passwd'), 'x'.repeat(100), `{${own}}`, `${own}0`, randomUUID(), encodeURIComponent('\u0000')];
    for (const bad of badIds) {
      for (const path of [`/berichten/${bad}`, `/berichten/${bad}/bijlagen/0`]) {
        const answer = await client.text(path);
        expect(answer.status, path).toBe(404);
        expect(answer.html).toContain('Pagina niet gevonden');
      }
      for (const action of posts) {
        const answer = await client.submit('/berichten', `/berichten/${bad}/${action}`, {});
        expect(answer.status, `${action} ${bad}`).toBe(404);
      }
    }
    // An id longer than the router accepts is refused before any handler runs; never a 500, never data.
    const overlong = await client.text(`/berichten/${'x'.repeat(400)}`);
    expect(overlong.status).toBeGreaterThanOrEqual(400);
    expect(overlong.status).toBeLessThan(500);
    for (const position of ['-1', 'abc', '1e3', '99999', '1', '0x0', '%20']) {
      const answer = await client.text(`/berichten/${own}/bijlagen/${position}`);
      expect(answer.status, position).toBe(404);
    }
    expect(f.t.logText()).not.toMatch(/"statusCode":500/);
  });

  it('R7: without a login every inbox route asks to log in; without a CSRF token no action is taken', async () => {
    const id = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Niet voor bezoekers' });
    const visitor = new HttpClient(f.t.baseUrl);
    for (const path of ['/berichten', `/berichten/${id}`, `/berichten/${id}/bijlagen/0`, '/instellingen/berichtvoorkeuren']) {
      const answer = await visitor.text(path);
      expect(answer.status, path).toBe(401);
      expect(answer.html).not.toContain('Niet voor bezoekers');
    }
    const owner = await f.as(johanna);
    for (const action of posts) {
      const answer = await owner.request(`/berichten/${id}/${action}`, { form: { _csrf: 'vervalst' } });
      expect(answer.status).toBe(403);
    }
    expect((await f.messageRow(id)).folder).toBe('inbox');
  });
});

describe('assurance level on actions', () => {
  it('R7: a session below a message\'s level can neither archive, delete, restore nor mark it unread; at the level it can', async () => {
    const marker = `Actie-${randomUUID().slice(0, 8)}`;
    const id = await f.deliver(f.belastingdienst, pieter.bsn, { subject: `Onderwerp ${marker}`, requiredAssurance: 'substantieel' });
    const before = await f.messageRow(id);
    const low = await f.as(pieter);
    for (const action of ['archiveren', 'verwijderen', 'terugzetten', 'ongelezen']) {
      const answer = await low.submit('/berichten', `/berichten/${id}/${action}`, {});
      expect(answer.status, action).toBe(403);
      expect(answer.html, action).toContain('data-testid="step-up"');
      expect(answer.html, action).not.toContain(marker);
      expect(await f.messageRow(id), action).toMatchObject({ folder: before.folder, read_at: before.read_at });
    }
    const high = await f.as(pieter, 'substantieel');
    expect((await high.submit('/berichten', `/berichten/${id}/archiveren`, {})).status).toBe(200);
    expect((await f.messageRow(id)).folder).toBe('archive');
    expect((await high.submit('/berichten', `/berichten/${id}/verwijderen`, {})).status).toBe(200);
    expect((await f.messageRow(id)).folder).toBe('bin');
    expect((await high.submit('/berichten', `/berichten/${id}/terugzetten`, {})).status).toBe(200);
    expect((await f.messageRow(id)).folder).toBe('inbox');
  });
});

describe('safe rendering', () => {
  it('R7: markup in subjects, bodies and filenames is shown as inert text', async () => {
    const client = await f.as(pieter);
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
    const subject = payloads.join(' ');
    const body = `Eerste alinea ${payloads[0]}\nregel twee <a href="javascript:alert(1)">klik</a>\n\nTweede alinea ${payloads[1]} ${payloads[2]} javascript:alert(document.cookie)`;
    const id = await f.deliver(f.gemeente, pieter.bsn, {
      subject,
      body,
      attachments: [{ filename: '"><img src=x onerror=alert(1)>.pdf', contentType: 'application/pdf', content: samplePdf().toString('base64') }],
    });
    const list = await client.text('/berichten');
    const opened = await client.text(`/berichten/${id}`);
    for (const html of [list.html, opened.html]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<svg onload');
      expect(html).not.toContain('"><svg');
      expect(html).not.toMatch(/href="\s*javascript:/i);
      expect(html).not.toContain('<script');
      // preact escapes < & " in text; a > alone cannot open markup.
      expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    }
    expect(opened.html).toContain('&lt;img src=x onerror=alert(1)>');
    expect(opened.html).toContain('&quot;>&lt;svg onload=alert(1)>');
    expect(opened.html).toContain('&lt;a href=&quot;javascript:alert(1)&quot;>klik&lt;/a>');
    expect(opened.html).toMatch(/<p class="utrecht-paragraph">Eerste alinea &lt;script>alert\(1\)&lt;\/script><br\/?>regel twee /);
    expect(opened.html).toMatch(/<p class="utrecht-paragraph">Tweede alinea &lt;img/);
    const download = await client.request(`/berichten/${id}/bijlagen/0`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="___img src_x onerror_alert(1)_.pdf"; filename*=UTF-8''%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.pdf`);
    expect(download.headers.get('content-security-policy')).toContain("script-src 'none'");
  });
});
