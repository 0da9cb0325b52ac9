import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { loggedInClient } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t?.close();
});

const PUBLIC_PAGES = ['/', '/privacy', '/toegankelijkheid', '/cookies', '/contact', '/verwerkingsregister', '/uitgelogd', '/bestaat-niet', '/inloggen/geweigerd?reden=under-14'];

const inEnglish = (path: string) => `${path}${path.includes('?') ? '&' : '?'}lang=en`;

/** The links to other pages of this site, without the language switch itself (it names the other language). */
function siteLinks(html: string): string[] {
  return [...html.matchAll(/<a\b([^>]*)>/g)]
    .map((match) => match[1] ?? '')
    .filter((attributes) => !attributes.includes('hreflang='))
    .map((attributes) => /href="([^"]*)"/.exec(attributes)?.[1] ?? '')
    .filter((href) => href.startsWith('/'));
}

describe('public pages keep the language the visitor chose before login', () => {
  it('every link on a public page in English carries lang=en, so the next page is English too', async () => {
    for (const path of PUBLIC_PAGES) {
      const answer = await fetch(`${t.baseUrl}${inEnglish(path)}`, { redirect: 'manual' });
      const links = siteLinks(await answer.text());
      expect(links.length, path).toBeGreaterThan(0);
      for (const href of links) expect(href, `${path}: ${href}`).toMatch(/[?&]lang=en(&|$)/);
    }
    // Following such a link indeed shows English.
    const contact = await fetch(`${t.baseUrl}/contact?lang=en`);
    expect(await contact.text()).toContain('<html lang="en"');
  });

  it('in Dutch (the default) the links stay bare', async () => {
    for (const path of PUBLIC_PAGES) {
      const links = siteLinks(await (await fetch(`${t.baseUrl}${path}`, { redirect: 'manual' })).text());
      for (const href of links) expect(href, `${path}: ${href}`).not.toContain('lang=');
    }
  });

  it('once logged in the session remembers the language, so links carry no lang', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    const page = await client.text('/privacy?lang=en');
    expect(page.html).toContain('<html lang="en"');
    for (const href of siteLinks(page.html)) expect(href).not.toContain('lang=');
  });
});
