import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { fieldContext } from '../src/identity/index.ts';
import type { Capability, PemPair } from '../src/organisations/index.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { profileStore } from '../src/profile/profile-store.ts';
import { apiRequest, clientCertificate, readDevCa, type ApiResponse, type ClientCredentials } from './api-client.ts';
import { HttpClient } from './http-client.ts';
import type { TestPortal } from './portal.ts';

/** Small pieces of setup that many test files share. Each takes the file's test portal. */

/** The citizen id behind a BSN; fails when that person has no account. */
export async function citizenIdOf(t: TestPortal, bsn: string): Promise<string> {
  const citizenId = await t.portal.accounts.findCitizenIdByBsn(bsn);
  if (!citizenId) throw new Error('no account for this BSN');
  return citizenId;
}

/** Activates these citizens' accounts as a first login would (no browser); returns their citizen ids. */
export async function activateCitizens(t: TestPortal, people: readonly { bsn: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const person of people) {
    const outcome = await t.portal.accounts.logIn({ bsn: person.bsn, assurance: 'midden' });
    if (!outcome.ok) throw new Error(`no account possible: ${outcome.reason}`);
    ids.push(outcome.citizenId);
  }
  return ids;
}

/** A web client logged in through the simulated eID at this level. */
export async function loggedInClient(t: TestPortal, bsn: string, level = 'midden'): Promise<HttpClient> {
  const client = new HttpClient(t.baseUrl);
  await client.login(bsn, level);
  return client;
}

/** Gives an activated citizen a verified e-mail address, stored as a confirmed verification link stores it. */
export async function giveVerifiedEmail(t: TestPortal, bsn: string, email: string): Promise<string> {
  const citizenId = await citizenIdOf(t, bsn);
  await profileStore.setEmail(t.portal.db, citizenId, t.portal.keyring.encryptText(email, fieldContext(citizenId, 'email')), t.clock.now());
  return citizenId;
}

/** The number of rows in a table, e.g. `citizens` for the number of accounts. */
export async function countRows(t: TestPortal, table: keyof Database): Promise<number> {
  const row = await t.portal.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The number of citizen accounts (activated or waiting for activation). */
export function countAccounts(t: TestPortal): Promise<number> {
  return countRows(t, 'citizens');
}

/** The organisation API of a test portal: its development CA, organisations with client certificates, and requests. */
export interface OrganisationApi {
  ca: PemPair;
  /** Registers an organisation and issues it a client certificate from the portal's development CA. */
  register(organisation: { oin: string; name: string; capabilities: Capability[]; mandatoryChannel?: boolean }): Promise<ClientCredentials>;
  /** One HTTPS request to the API with these credentials (mutual TLS); returns the raw answer. */
  call(credentials: ClientCredentials | undefined, path: string, body?: unknown, method?: string): Promise<ApiResponse>;
  /** Delivers one message to this BSN; returns the raw answer. */
  deliverRaw(credentials: ClientCredentials, bsn: string, overrides?: Record<string, unknown>): Promise<ApiResponse>;
  /** Delivers one message to this BSN, expects 201 and returns the message id. */
  deliver(credentials: ClientCredentials, bsn: string, overrides?: Record<string, unknown>): Promise<string>;
}

export function organisationApi(t: TestPortal): OrganisationApi {
  const ca = readDevCa(t.portal.devCaDir ?? '');
  const call: OrganisationApi['call'] = (credentials, path, body, method) => apiRequest({ baseUrl: t.portal.apiUrl, ca: ca.cert, path, body, method, credentials });
  const deliverRaw: OrganisationApi['deliverRaw'] = (credentials, bsn, overrides = {}) =>
    call(credentials, '/api/v1/messages', { recipient: { bsn }, reference: `ref-${randomUUID()}`, subject: 'Onderwerp', body: 'Inhoud van het bericht.', ...overrides });
  return {
    ca,
    async register(organisation) {
      await t.portal.organisations.add(organisation);
      return clientCertificate(ca, organisation.oin, organisation.name);
    },
    call,
    deliverRaw,
    async deliver(credentials, bsn, overrides = {}) {
      const response = await deliverRaw(credentials, bsn, overrides);
      expect(response.status, response.text).toBe(201);
      return (response.body as { id: string }).id;
    },
  };
}
