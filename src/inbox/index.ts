import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { inboxApiRoutes } from './api-routes.ts';
import { createDelivery } from './deliver-messages.ts';
import type { ReceiptSigner } from './receipts.ts';

export { ReceiptSigner } from './receipts.ts';
export { contentHashOf } from './message-input.ts';

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
  return {
    delivery,
    registerApi(api: FastifyInstance): void {
      inboxApiRoutes(api, { delivery, accounts: deps.accounts, db: deps.db });
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
