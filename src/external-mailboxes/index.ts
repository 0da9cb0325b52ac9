import type { PortalModule } from '../platform/module.ts';
import { externalMailboxesExport } from './access-export.ts';
import { CONSENT_PATH } from './consent-page.tsx';
import { createExternalMailboxes, type ExternalMailboxesDeps } from './external-mailboxes.ts';
import { ExternalInboxSection } from './inbox-section.tsx';
import { externalMailboxMessages } from './messages.ts';
import { externalMailboxRoutes } from './routes.tsx';

export { externalMailboxesMigrations } from './migrations/index.ts';
export type { ExternalMailboxes } from './external-mailboxes.ts';

/**
 * Berichtenboxen van andere organisaties (R19): consent per FBS berichtenmagazijn, its messages
 * beside the delivered ones in the Inbox, opened on demand and kept no longer than the session.
 */
export function createExternalMailboxesModule(deps: ExternalMailboxesDeps) {
  const mailboxes = createExternalMailboxes(deps);
  const anyStores = deps.settings.stores.length > 0;
  const module = {
    name: 'external-mailboxes',
    texts: externalMailboxMessages,
    nav: anyStores ? [{ href: CONSENT_PATH, labelKey: 'nav.externalMailboxes', order: 45, inMenu: false }] : [],
    async inboxSection({ context, t, language }) {
      if (!anyStores) return null;
      const inbox = await mailboxes.inbox(context);
      return ExternalInboxSection({ t, language, inbox, anyStores });
    },
    accessExport: (input) => externalMailboxesExport(mailboxes, input),
    web(app) {
      externalMailboxRoutes(app, { mailboxes });
    },
    async close() {
      mailboxes.close();
    },
  } satisfies PortalModule;
  return { ...module, mailboxes };
}
