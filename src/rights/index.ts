import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RightsSettings } from '../config.ts';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { createI18n, type Language, type Translate } from '../platform/i18n.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { ModuleDirectory, PortalModule } from '../platform/module.ts';
import { platformMessages } from '../platform/web/platform-messages.ts';
import { rightsExport } from './access-export-section.ts';
import { createAccessExports } from './access-exports.ts';
import { rightsApiRoutes } from './api-routes.ts';
import { exportRoutes } from './export-routes.tsx';
import { rightsMessages } from './messages.ts';
import { requestRoutes } from './request-routes.tsx';
import { createRightsRequests } from './requests.ts';

export { rightsMigrations } from './migrations/index.ts';
export { rightsEncryptedColumns } from './encrypted-columns.ts';
export { addMonths } from './deadline.ts';

export interface RightsDeps {
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  publicUrl: string;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  directory: ModuleDirectory;
  verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>;
  settings: RightsSettings;
}

/** Rights of the data subject (R20, R21): "Download mijn gegevens", and requests forwarded to the responsible authority. */
export function createRightsModule(deps: RightsDeps) {
  let translate: ((language: Language) => Translate) | undefined;
  // Built at first use, when every module (and so every catalogue) exists; a job has no request to take texts from.
  const translator = (language: Language) => (translate ??= createI18n([platformMessages, ...deps.directory.modules().flatMap((m) => (m.texts ? [m.texts] : []))]).translator)(language);
  const exports = createAccessExports({
    ...deps,
    translator,
    recordActivity: (input) => deps.accounts.recordActivity(input),
    settings: { exportInlineMs: deps.settings.exportInlineMs, exportRetentionHours: deps.settings.exportRetentionHours },
  });
  const requests = createRightsRequests({ ...deps, contacts: deps.settings.contacts });
  const module = {
    name: 'rights',
    texts: rightsMessages,
    nav: [{ href: '/mijn-rechten', labelKey: 'nav.rights', order: 55, inMenu: false }],
    accessExport: (input) => rightsExport(requests, input),
    jobs: [
      { name: 'access-export', intervalMs: 30_000, run: () => exports.runJob() },
      { name: 'rights-request-forwarding', intervalMs: 60_000, run: () => requests.retryForwarding() },
    ],
    web(app: FastifyInstance) {
      exportRoutes(app, { exports, retentionHours: deps.settings.exportRetentionHours });
      requestRoutes(app, { requests, organisations: deps.organisations, now: deps.now });
    },
    api(app: FastifyInstance) {
      rightsApiRoutes(app, { requests });
    },
  } satisfies PortalModule;
  return { ...module, exports, requests };
}
