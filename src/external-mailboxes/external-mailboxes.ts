import type { Logger } from 'pino';
import type { ExternalMailboxSettings, ExternalMailboxStore, RegisterSettings } from '../config.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Acting, CitizenContext } from '../platform/module.ts';
import { MagazijnClient, StoreError } from './magazijn-client.ts';
import type { Bericht } from './magazijn-contract.ts';
import { mailboxStore } from './mailbox-store.ts';
import { StoreBreakers } from './store-breakers.ts';

export interface ExternalMailboxesDeps {
  db: Db;
  keyring: Keyring;
  logger: Logger;
  now: () => Date;
  accounts: {
    revealBsn(citizenId: string): Promise<string>;
    recordActivity(input: { citizenId: string; actorId: string | null; action: string; detail?: string | null; loginId?: string | null; db?: Db }): Promise<void>;
  };
  settings: ExternalMailboxSettings;
  breakerSettings: RegisterSettings['breaker'];
}

/** A store as the citizen sees it. */
export interface StoreInfo {
  id: string;
  name: string;
}

/** One message of an external store in the inbox list; only what the list shows is kept. */
export interface ExternalListItem {
  storeId: string;
  storeName: string;
  messageId: string;
  subject: string;
  publishedAt: Date;
  attachmentCount: number;
  unread: boolean;
}

export interface ExternalInbox {
  items: ExternalListItem[];
  /** Stores with consent that could not answer now. */
  unavailable: StoreInfo[];
  /** Whether the citizen consented to any store. */
  anyConsent: boolean;
}

export type OpenOutcome = { kind: 'ok'; store: StoreInfo; message: Bericht } | { kind: 'not-found' } | { kind: 'unavailable'; store: StoreInfo };
export type AttachmentOutcome = { kind: 'ok'; filename: string; contentType: string; bytes: Buffer } | { kind: 'not-found' } | { kind: 'unavailable'; store: StoreInfo };

type CachedItem = Omit<ExternalListItem, 'storeId' | 'storeName' | 'publishedAt'> & { publishedAt: string };

/** Binds a cached list to this login, citizen and store: it cannot be read in another session. */
function cacheContext(input: { loginId: string; citizenId: string; storeId: string }): string {
  return `external-mailbox:${input.loginId}:${input.citizenId}:${input.storeId}`;
}

/**
 * External message stores with consent (R19): the citizen grants or withdraws consent per store;
 * with consent the inbox lists that store's messages (a list cached encrypted with the session for
 * a short while) and opens messages and attachments on demand, never stored; opening one marks it
 * read at the store. Withdrawing aborts
 * fetches under way and deletes the cache; every fetch checks the consent first.
 */
export function createExternalMailboxes(deps: ExternalMailboxesDeps) {
  const { db } = deps;
  const clients = new Map(deps.settings.stores.map((store) => [store.id, new MagazijnClient(store)]));
  const breakers = new StoreBreakers({ settings: deps.breakerSettings, logger: deps.logger });
  /** Fetches under way per citizen and store, so a withdrawal can stop them at once. */
  const inFlight = new Map<string, Set<AbortController>>();
  const flightKey = (citizenId: string, storeId: string) => `${citizenId}:${storeId}`;

  const info = (store: ExternalMailboxStore): StoreInfo => ({ id: store.id, name: store.name });
  const storeById = (id: string): ExternalMailboxStore | undefined => deps.settings.stores.find((store) => store.id === id);

  /** Runs one fetch through the store's breaker, abortable by a withdrawal, logging failures without content. */
  async function fetchFrom<T>(input: { citizenId: string; store: ExternalMailboxStore; what: string; task: (client: MagazijnClient, bsn: string, signal: AbortSignal) => Promise<T> }): Promise<T> {
    const client = clients.get(input.store.id);
    if (!client) throw new StoreError('network');
    const key = flightKey(input.citizenId, input.store.id);
    const controller = new AbortController();
    const running = inFlight.get(key) ?? new Set<AbortController>();
    running.add(controller);
    inFlight.set(key, running);
    const started = Date.now();
    try {
      const bsn = await deps.accounts.revealBsn(input.citizenId);
      return await breakers.run(input.store.id, () => input.task(client, bsn, controller.signal));
    } catch (error) {
      const reason = error instanceof StoreError ? error.kind : 'network';
      const status = error instanceof StoreError ? error.status : undefined;
      if (reason !== 'not-found' && reason !== 'aborted') deps.logger.warn({ store: input.store.id, what: input.what, reason, status, ms: Date.now() - started }, 'message store unavailable');
      throw error instanceof StoreError ? error : new StoreError('network');
    } finally {
      running.delete(controller);
      if (running.size === 0) inFlight.delete(key);
    }
  }

  async function listOf(context: CitizenContext, store: ExternalMailboxStore): Promise<ExternalListItem[]> {
    const citizenId = context.subject.citizenId;
    const session = context.session;
    const loginId = context.loginId;
    const aad = cacheContext({ loginId, citizenId, storeId: store.id });
    const cached = await mailboxStore.cachedList(db, { citizenId, storeId: store.id, sessionHash: session.hash });
    const toItem = (item: CachedItem): ExternalListItem => ({ ...item, storeId: store.id, storeName: store.name, publishedAt: new Date(item.publishedAt) });
    if (cached && deps.now().getTime() - cached.fetchedAt.getTime() < deps.settings.cacheMs) {
      try {
        return (JSON.parse(deps.keyring.decryptText(cached.listEncrypted, aad)) as CachedItem[]).map(toItem);
      } catch {
        deps.logger.error({ store: store.id }, 'cached message list could not be decrypted');
      }
    }
    const summaries = await fetchFrom({ citizenId, store, what: 'list', task: (client, bsn, signal) => client.list({ bsn, signal }) });
    const items: CachedItem[] = summaries.map((summary) => ({
      messageId: summary.berichtId,
      subject: summary.onderwerp,
      publishedAt: summary.publicatietijdstip,
      attachmentCount: summary.aantalBijlagen,
      unread: !(summary.status?.gelezen ?? false),
    }));
    const fetchedAt = deps.now();
    await db.transaction().execute(async (trx) => {
      await mailboxStore.cacheList(trx, { citizenId, storeId: store.id, sessionHash: session.hash, fetchedAt, listEncrypted: deps.keyring.encryptText(JSON.stringify(items), aad) });
      await deps.accounts.recordActivity({ citizenId, actorId: context.actor.citizenId, loginId, action: 'external-mailbox-read', detail: store.oin, db: trx });
    });
    return items.map(toItem);
  }

  /**
   * Tells the store the message was read (as the contract's status allows) and drops this session's
   * list of that store, so the Inbox shows it read. Best effort: the message is shown either way.
   */
  async function markRead(input: { context: CitizenContext; store: ExternalMailboxStore; messageId: string }): Promise<void> {
    const citizenId = input.context.subject.citizenId;
    try {
      await fetchFrom({ citizenId, store: input.store, what: 'status', task: (client, bsn, signal) => client.markRead({ bsn, messageId: input.messageId, signal }) });
    } catch {
      return;
    }
    await mailboxStore.forgetList(db, { citizenId, storeId: input.store.id, sessionHash: input.context.session.hash });
  }

  /** The store, when the citizen has consented to it; otherwise null (nothing is fetched). */
  async function consentedStore(citizenId: string, storeId: string): Promise<ExternalMailboxStore | null> {
    const store = storeById(storeId);
    if (!store) return null;
    return (await mailboxStore.hasConsent(db, citizenId, storeId)) ? store : null;
  }

  return {
    stores(): StoreInfo[] {
      return deps.settings.stores.map(info);
    },

    /** Every configured store with the moment of consent, or null without consent. */
    async consents(citizenId: string): Promise<(StoreInfo & { grantedAt: Date | null })[]> {
      const granted = await mailboxStore.consents(db, citizenId);
      return deps.settings.stores.map((store) => ({ ...info(store), grantedAt: granted.get(store.id) ?? null }));
    },

    /** Records the consent and the processing; an unknown store is not found. */
    async grant(input: { acting: Acting; storeId: string }): Promise<StoreInfo | null> {
      const store = storeById(input.storeId);
      if (!store) return null;
      const citizenId = input.acting.subject.citizenId;
      await db.transaction().execute(async (trx) => {
        const created = await mailboxStore.grant(trx, { citizenId, storeId: store.id, at: deps.now() });
        if (created) await deps.accounts.recordActivity({ citizenId, actorId: input.acting.actor.citizenId, loginId: input.acting.loginId, action: 'external-mailbox-consent-granted', detail: store.oin, db: trx });
      });
      return info(store);
    },

    /** Stops every fetch under way for this store, deletes the consent and every cached list of it. */
    async withdraw(input: { acting: Acting; storeId: string }): Promise<StoreInfo | null> {
      const store = storeById(input.storeId);
      if (!store) return null;
      const citizenId = input.acting.subject.citizenId;
      for (const controller of inFlight.get(flightKey(citizenId, store.id)) ?? []) controller.abort();
      await db.transaction().execute(async (trx) => {
        const existed = await mailboxStore.withdraw(trx, { citizenId, storeId: store.id });
        if (existed) await deps.accounts.recordActivity({ citizenId, actorId: input.acting.actor.citizenId, loginId: input.acting.loginId, action: 'external-mailbox-consent-withdrawn', detail: store.oin, db: trx });
      });
      return info(store);
    },

    /** The messages of every consented store, newest first; a store that cannot answer is named, the rest still shows. */
    async inbox(context: CitizenContext): Promise<ExternalInbox> {
      const granted = await mailboxStore.consents(db, context.subject.citizenId);
      const stores = deps.settings.stores.filter((store) => granted.has(store.id));
      const results = await Promise.all(
        stores.map(async (store) => {
          try {
            return { store, items: await listOf(context, store) };
          } catch (error) {
            // Withdrawn meanwhile: the store is simply gone from the list.
            if (error instanceof StoreError && error.kind === 'aborted') return { store, items: [] };
            return { store, items: null };
          }
        }),
      );
      return {
        items: results.flatMap((result) => result.items ?? []).sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()),
        unavailable: results.filter((result) => result.items === null).map((result) => info(result.store)),
        anyConsent: stores.length > 0,
      };
    },

    /** One message, fetched now and not kept; without consent, or foreign or unknown, it is not found. */
    async open(input: { context: CitizenContext; storeId: string; messageId: string }): Promise<OpenOutcome> {
      const citizenId = input.context.subject.citizenId;
      const store = await consentedStore(citizenId, input.storeId);
      if (!store) return { kind: 'not-found' };
      try {
        const message = await fetchFrom({ citizenId, store, what: 'message', task: (client, bsn, signal) => client.message({ bsn, messageId: input.messageId, signal }) });
        await deps.accounts.recordActivity({ citizenId, actorId: input.context.actor.citizenId, loginId: input.context.loginId, action: 'external-message-opened', detail: store.oin });
        if (!message.status?.gelezen) await markRead({ context: input.context, store, messageId: message.berichtId });
        return { kind: 'ok', store: info(store), message };
      } catch (error) {
        if (error instanceof StoreError && (error.kind === 'not-found' || error.kind === 'aborted')) return { kind: 'not-found' };
        return { kind: 'unavailable', store: info(store) };
      }
    },

    /** One attachment's bytes, fetched now and not kept; its name and type come from the message's metadata. */
    async attachment(input: { context: CitizenContext; storeId: string; messageId: string; attachmentId: string }): Promise<AttachmentOutcome> {
      const citizenId = input.context.subject.citizenId;
      const store = await consentedStore(citizenId, input.storeId);
      if (!store) return { kind: 'not-found' };
      try {
        const message = await fetchFrom({ citizenId, store, what: 'message', task: (client, bsn, signal) => client.message({ bsn, messageId: input.messageId, signal }) });
        const metadata = message.bijlagen.find((bijlage) => bijlage.bijlageId.toLowerCase() === input.attachmentId.toLowerCase());
        if (!metadata) return { kind: 'not-found' };
        const file = await fetchFrom({ citizenId, store, what: 'attachment', task: (client, bsn, signal) => client.attachment({ bsn, messageId: input.messageId, attachmentId: metadata.bijlageId, signal }) });
        await deps.accounts.recordActivity({ citizenId, actorId: input.context.actor.citizenId, loginId: input.context.loginId, action: 'external-attachment-downloaded', detail: store.oin });
        return { kind: 'ok', filename: metadata.naam, contentType: metadata.mimeType, bytes: file.bytes };
      } catch (error) {
        if (error instanceof StoreError && (error.kind === 'not-found' || error.kind === 'aborted')) return { kind: 'not-found' };
        return { kind: 'unavailable', store: info(store) };
      }
    },

    close(): void {
      breakers.shutdown();
      for (const client of clients.values()) client.close();
    },
  };
}

export type ExternalMailboxes = ReturnType<typeof createExternalMailboxes>;
