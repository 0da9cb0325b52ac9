import type { PemPair } from '../src/organisations/index.ts';
import type { ApiResponse, ClientCredentials } from './api-client.ts';
import { loggedInClient, organisationApi } from './fixtures.ts';
import type { HttpClient } from './http-client.ts';
import { startTestPortal, type TestPortal, type TestPortalOptions } from './portal.ts';

export const OINS = { belastingdienst: '00000001003214345000', gemeente: '00000001002220647000', rdw: '00000001804770694000' } as const;

/** A test portal with three organisations (one a mandatory channel, one without the inbox) and helpers for inbox tests. */
export interface InboxFixture {
  t: TestPortal;
  ca: PemPair;
  belastingdienst: ClientCredentials;
  gemeente: ClientCredentials;
  /** Delivers through the organisation API; returns the raw answer. */
  deliverRaw(credentials: ClientCredentials, bsn: string, overrides?: Record<string, unknown>): Promise<ApiResponse>;
  /** Delivers through the organisation API, expects 201 and returns the message id. */
  deliver(credentials: ClientCredentials, bsn: string, overrides?: Record<string, unknown>): Promise<string>;
  /** One logged-in client per citizen and level, reused across tests. */
  as(person: { bsn: string }, level?: string): Promise<HttpClient>;
  messageRow(messageId: string): Promise<{ folder: string; read_at: Date | null; notification_id: string | null }>;
  close(): Promise<void>;
}

export async function startInboxFixture(env: Record<string, string> = {}, options: TestPortalOptions = {}): Promise<InboxFixture> {
  const t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false', ...env }, options);
  const api = organisationApi(t);
  const belastingdienst = await api.register({ oin: OINS.belastingdienst, name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  const gemeente = await api.register({ oin: OINS.gemeente, name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  await t.portal.organisations.add({ oin: OINS.rdw, name: 'RDW', capabilities: ['cases'] });
  const clients = new Map<string, HttpClient>();
  return {
    t,
    ca: api.ca,
    belastingdienst,
    gemeente,
    deliverRaw: api.deliverRaw,
    deliver: api.deliver,
    async as(person, level = 'midden') {
      const key = `${person.bsn}:${level}`;
      const known = clients.get(key);
      if (known) return known;
      const client = await loggedInClient(t, person.bsn, level);
      clients.set(key, client);
      return client;
    },
    async messageRow(messageId) {
      return t.portal.database.db.selectFrom('messages').select(['folder', 'read_at', 'notification_id']).where('message_id', '=', messageId).executeTakeFirstOrThrow();
    },
    close: () => t.close(),
  };
}

export interface ListedRow {
  id: string;
  unread: boolean;
  /** The row's text without markup. */
  text: string;
}

/** The rows of a folder page. */
export function rowsOf(html: string): ListedRow[] {
  return [...html.matchAll(/<tr class="[^"]*" data-testid="message-row" data-unread="(true|false)">([\s\S]*?)<\/tr>/g)].map((match) => ({
    unread: match[1] === 'true',
    id: /href="\/berichten\/([0-9a-f-]{36})"/.exec(match[2] ?? '')?.[1] ?? '',
    text: (match[2] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
  }));
}

/** The unread count the header shows, or -1 when there is none. */
export function headerCount(html: string): number {
  return Number(/data-testid="unread-count">[^<]*?(\d+)</.exec(html)?.[1] ?? -1);
}
