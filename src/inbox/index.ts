import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { inboxApiRoutes } from './api-routes.ts';
import { createDelivery } from './deliver-messages.ts';
import { inboxRoutes } from './inbox-routes.tsx';
import { createInboxLists } from './inbox-service.ts';
import { createMessagePreferences } from './message-preferences.ts';
import { createMessageService } from './message-service.ts';
import { preferencesRoutes } from './preferences-page.tsx';
import type { ReceiptSigner } from './receipts.ts';

export { ReceiptSigner } from './receipts.ts';
export { contentHashOf } from './message-input.ts';
export { inboxMessages } from './inbox-messages.ts';

export interface InboxDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  signer: ReceiptSigner;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
  notificationDelayMs: number;
}

/** The Berichtenbox: delivery API for organisations, inbox pages for citizens, notifications. */
export function createInbox(deps: InboxDeps) {
  const delivery = createDelivery(deps);
  const lists = createInboxLists(deps);
  const messages = createMessageService(deps);
  const preferences = createMessagePreferences(deps);
  return {
    delivery,
    registerApi(api: FastifyInstance): void {
      inboxApiRoutes(api, { delivery, accounts: deps.accounts, db: deps.db });
    },
    /** The citizen pages: /berichten, /berichten/:id (with attachments and actions) and /instellingen/berichtvoorkeuren. */
    registerWeb(web: FastifyInstance): void {
      inboxRoutes(web, { lists, messages, now: deps.now });
      preferencesRoutes(web, { preferences });
    },
    /** Unread, visible messages outside the bin, for the header (R4). */
    unreadCount(citizenId: string): Promise<number> {
      return lists.unreadCount(citizenId);
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
export { verifyReceipt, type ReceiptProof } from './receipt-verification.ts';
