import type { ZgwSource } from '../../config.ts';
import { zgwToken } from './zgw-jwt.ts';

interface Abonnement {
  url: string;
  callbackUrl: string;
}

async function call(source: ZgwSource, method: string, url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${await zgwToken(source.clientId, source.secret)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Notificaties API answered ${response.status} to ${method} abonnement`);
  return response;
}

/**
 * Makes sure the source's Notificaties API has exactly one abonnement on the `zaken` kanaal for
 * this callback URL, carrying the current callback Authorization: an existing one is updated,
 * otherwise one is created. The Notificaties API checks the callback URL when it is saved, so
 * the portal must already be listening.
 */
export async function ensureAbonnement(input: { source: ZgwSource; callbackUrl: string; authorization: string }): Promise<'created' | 'updated'> {
  const { source } = input;
  const collection = `${source.notificatiesUrl}/abonnement`;
  const existing = ((await (await call(source, 'GET', collection)).json()) as Abonnement[]).find((item) => item.callbackUrl === input.callbackUrl);
  const body = { callbackUrl: input.callbackUrl, auth: input.authorization, kanalen: [{ naam: 'zaken', filters: {} }] };
  if (existing) {
    await call(source, 'PUT', existing.url, body);
    return 'updated';
  }
  await call(source, 'POST', collection, body);
  return 'created';
}
