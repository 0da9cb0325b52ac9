import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { organisationsInScope, type ModuleDirectory, type PortalModule } from '../platform/module.ts';
import { inboxApiRoutes } from './api-routes.ts';
import { createDelivery } from './deliver-messages.ts';
import { inboxExport } from './access-export.ts';
import { asAssuranceLevel } from './assurance-check.ts';
import { inboxRoutes } from './inbox-routes.tsx';
import { createInboxLists } from './inbox-service.ts';
import { createMessagePreferences } from './message-preferences.ts';
import { createMessageService } from './message-service.ts';
import { inboxMessages } from './inbox-messages.ts';
import { messageNotificationSource } from './notification-source.ts';
import { preferencesRoutes } from './preferences-page.tsx';
import { createPortalNotes } from './portal-notes.ts';
import { inboxAttention, inboxOverview } from './start-page-blocks.tsx';
import type { ReceiptSigner } from './receipts.ts';
import { inboxDailyCounts } from './statistics-store.ts';
import { admitDelivery } from './delivery-admission.ts';

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
  directory: ModuleDirectory;
}

/** The Berichtenbox: delivery API for organisations, inbox pages for citizens, notifications (R6–R10). */
export function createInboxModule(deps: InboxDeps) {
  const delivery = createDelivery(deps);
  const lists = createInboxLists(deps);
  const messages = createMessageService(deps);
  const preferences = createMessagePreferences(deps);
  const jwks = async () => deps.signer.jwks();
  const module = {
    name: 'inbox',
    scope: 'berichtenbox-read',
    texts: inboxMessages,
    statistics: (day: { start: Date; end: Date }) => inboxDailyCounts(deps.db, day),
    // Message preferences are a tile on the start page and a link in the Inbox, which keeps the menu short.
    nav: [
      { href: '/berichten', labelKey: 'nav.messages', order: 10 },
      { href: '/instellingen/berichtvoorkeuren', labelKey: 'nav.messagePreferences', order: 40, inMenu: false, scope: 'berichtenbox-manage' },
    ],
    startPage: {
      order: 10,
      attention: (input) => inboxAttention(lists, input),
      render: (input) => inboxOverview(lists, input),
    },
    async timeline({ context, t, limit }) {
      const items = await lists.recent({ citizenId: context.subject.citizenId, level: asAssuranceLevel(context.assurance), limit, organisationIds: organisationsInScope(context) });
      return items.map((item) => ({
        at: item.receivedAt,
        kind: 'message',
        organisationName: item.sender,
        title: item.subject ?? t('inbox.hidden', { sender: item.sender, level: t(`level.${item.requiredAssurance}`) }),
        href: `/berichten/${item.id}`,
      }));
    },
    async headerBadges(context, t) {
      const unread = await lists.unreadCountFor(context);
      return [{ href: '/berichten', label: t('header.unread', { count: unread }), testId: 'unread-count' }];
    },
    /** The citizen pages: /berichten, /berichten/:id (with attachments and actions) and /instellingen/berichtvoorkeuren. */
    web(web: FastifyInstance): void {
      inboxRoutes(web, { lists, messages, now: deps.now, sections: () => (deps.directory?.modules() ?? []).flatMap((candidate) => (candidate.inboxSection ? [candidate.inboxSection.bind(candidate)] : [])) });
      preferencesRoutes(web, { preferences });
      web.get('/.well-known/jwks.json', { config: { representation: 'anyone' } }, jwks);
    },
    api(api: FastifyInstance): void {
      inboxApiRoutes(api, { delivery, db: deps.db, now: deps.now, jwks, limitConcurrentBatches: (request) => api.takeBatchSlot(request), admit: (input) => admitDelivery(deps.directory, input) });
    },
    notificationSources: [messageNotificationSource],
    accessExport: (input) => inboxExport(deps, input),
  } satisfies PortalModule;
  const portalNotes = createPortalNotes({ delivery, organisations: deps.organisations, accounts: deps.accounts });
  return { ...module, delivery, portalNotes, unreadCount: (citizenId: string) => lists.unreadCount(citizenId) };
}

export type Inbox = ReturnType<typeof createInboxModule>;
