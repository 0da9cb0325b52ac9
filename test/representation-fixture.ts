import type { HttpClient } from './http-client.ts';

/** Posts a form whose fields may repeat (checkboxes), with the CSRF token of the given page. */
export async function postForm(client: HttpClient, pagePath: string, action: string, fields: [string, string][]): Promise<{ status: number; html: string; location: string | null }> {
  const page = await client.text(pagePath);
  const token = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
  const body = new URLSearchParams([['_csrf', token], ...fields]).toString();
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(new URL(action, client.baseUrl), { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  const location = response.headers.get('location');
  const followed = await client.follow(response);
  return { status: followed.status, html: await followed.text(), location };
}

/** Gives a mandate from the grantor's client; returns the code shown on the overview, or null. */
export async function grantMandate(grantor: HttpClient, input: { bsn: string; services: string[]; until?: string }): Promise<{ code: string | null; html: string; location: string | null }> {
  const fields: [string, string][] = [['bsn', input.bsn], ...input.services.map((service): [string, string] => ['dienst', service])];
  if (input.until) fields.push(['tot', input.until]);
  const result = await postForm(grantor, '/machtigingen/nieuw', '/machtigingen/nieuw', fields);
  const codes = [...result.html.matchAll(/data-testid="code"><strong>[^<:]*: (\d{6})</g)].map((match) => match[1] ?? '');
  return { code: codes[0] ?? null, html: result.html, location: result.location };
}

/** The id of the first pending mandate on the representative's overview. */
export function pendingMandateId(html: string): string | null {
  return /action="\/machtigingen\/([0-9a-f-]{36})\/accepteren"/.exec(html)?.[1] ?? null;
}
