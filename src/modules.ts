import type { Core } from './app.ts';
import type { Db } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import type { EncryptedColumns } from './platform/db/reencrypt.ts';
import { auditMigrations, createAuditModule } from './audit/index.ts';
import { capacityMigrations, createCapacityModule } from './capacity/index.ts';
import { consoleEncryptedColumns, consoleMigrations, createConsoleModule } from './console/index.ts';
import { casesEncryptedColumns, casesMigrations, createCasesModule } from './cases/index.ts';
import { createExternalMailboxesModule, externalMailboxesMigrations } from './external-mailboxes/index.ts';
import { createIdentityModule, identityEncryptedColumns, identityMigrations } from './identity/index.ts';
import { createHelpdeskModule, helpdeskEncryptedColumns, helpdeskMigrations } from './helpdesk/index.ts';
import { createInboxModule, inboxEncryptedColumns, inboxMigrations } from './inbox/index.ts';
import { createNotificationsModule } from './notifications/index.ts';
import { createOperationsModule, operationsMigrations } from './operations/index.ts';
import { createPersonalDataModule } from './personal-data/index.ts';
import { createPrivacyModule } from './privacy/index.ts';
import { createRetentionModule, retentionMigrations } from './retention/index.ts';
import { organisationsMigrations } from './organisations/index.ts';
import { createProfileModule, profileEncryptedColumns, profileMigrations } from './profile/index.ts';
import { createRepresentationModule, representationMigrations } from './representation/index.ts';
import { createRightsModule, rightsEncryptedColumns, rightsMigrations } from './rights/index.ts';
import { createStatisticsModule, statisticsMigrations } from './statistics/index.ts';
import { createTimelineModule } from './timeline/index.ts';

/**
 * The portal's modules, in order (the order of navigation does not depend on it; the header name
 * does: the first module that knows one wins). Adding a module is its folder and one line here.
 */
export function createModules(core: Core) {
  const inbox = createInboxModule(core);
  return {
    profile: createProfileModule({ ...core, sendNote: (note) => inbox.portalNotes.send(note) }),
    identity: createIdentityModule(core),
    inbox,
    externalMailboxes: createExternalMailboxesModule({ ...core, settings: core.externalMailboxes }),
    cases: createCasesModule(core),
    personalData: createPersonalDataModule(core),
    timeline: createTimelineModule(core),
    privacy: createPrivacyModule(),
    notifications: createNotificationsModule({ ...core, verifiedEmails: (ids) => core.profile.verifiedEmails(ids), recordActivities: (entries, trx) => core.accounts.recordActivities(entries, trx) }),
    operations: createOperationsModule(core),
    retention: createRetentionModule(core),
    rights: createRightsModule({ ...core, verifiedEmails: (ids) => core.profile.verifiedEmails(ids), settings: core.config.rights }),
    statistics: createStatisticsModule(core),
    capacity: createCapacityModule(core),
    console: createConsoleModule(core),
    audit: createAuditModule(core),
    helpdesk: createHelpdeskModule(core),
    representation: createRepresentationModule({ ...core, profile: core.profile }),
  };
}

export type Modules = ReturnType<typeof createModules>;

/** The modules' own migrations (the baseline is in src/platform/db/migrate.ts). */
export const moduleMigrations = {
  ...identityMigrations,
  ...profileMigrations,
  ...casesMigrations,
  ...operationsMigrations,
  ...auditMigrations,
  ...statisticsMigrations,
  ...capacityMigrations,
  ...organisationsMigrations,
  ...retentionMigrations,
  ...externalMailboxesMigrations,
  ...inboxMigrations,
  ...consoleMigrations,
  ...helpdeskMigrations,
  ...representationMigrations,
  ...rightsMigrations,
};

/** Brings a database to the latest schema: the baseline and every module's migrations. */
export function migrateDatabase(db: Db): Promise<string[]> {
  return migrateToLatest(db, moduleMigrations);
}

/**
 * Every module's encrypted columns, for `keys rotate`. Each module declares its own (table, key and
 * the associated data its code encrypts with). Not listed: session data (personal-data's register
 * cache and identity's session person), which expires with the session within hours.
 */
export const moduleEncryptedColumns: readonly EncryptedColumns[] = [
  ...identityEncryptedColumns,
  ...profileEncryptedColumns,
  ...inboxEncryptedColumns,
  ...casesEncryptedColumns,
  ...consoleEncryptedColumns,
  ...helpdeskEncryptedColumns,
  ...rightsEncryptedColumns,
];
