import type { PortalModule } from '../platform/module.ts';
import type { Accounts } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Logger } from 'pino';
import type { Profile } from './email-verification.ts';
import { profileExport } from './access-export.ts';
import { profileMessages } from './messages.ts';
import { profileStore } from './profile-store.ts';
import { profilePageRoutes } from './profile-routes.tsx';
import { profileRoutes } from './routes.tsx';
import { createSelfEnteredData } from './self-entered-data.ts';
import { createSelfEnteredRetention, type RetentionDeps } from './self-entered-retention.ts';

export { createProfile, type Profile } from './email-verification.ts';
export { profileMessages } from './messages.ts';
export { profileMigrations } from './migrations/index.ts';

export interface ProfileModuleDeps {
  profile: Profile;
  accounts: Accounts;
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  now: () => Date;
  /** Puts a notice from the portal in the citizen's inbox (after the inactivity purge). */
  sendNote: RetentionDeps['sendNote'];
  /** The audit log: the inactivity purge is recorded in it, in the purge's transaction (R25). */
  audit: RetentionDeps['audit'];
}

/** The self-entered data retention runs once a day; a run handles every holder in batches. */
const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Mijn account (screen name, e-mail address and its verification, usage history, R5) and Mijn
 * profiel (nickname, phone, photo, saved addresses, R18), with the two-year inactivity purge.
 */
const SCREEN_NAME_LOOKUP = 'profile.screenName';

export function createProfileModule(deps: ProfileModuleDeps) {
  const selfEntered = createSelfEnteredData(deps);
  const retention = createSelfEnteredRetention({
    ...deps,
    verifiedEmails: (citizenIds) => deps.profile.verifiedEmails(citizenIds),
    onError: (error, what) => deps.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, what),
  });
  const module = {
    name: 'profile',
    scope: 'self',
    texts: profileMessages,
    nav: [
      { href: '/mijn-account', labelKey: 'nav.account', order: 50 },
      { href: '/mijn-profiel', labelKey: 'nav.profile', order: 45, inMenu: false },
    ],
    // Read with the session row: the session's citizen (the actor) needs no query of its own for the header.
    sessionLookups: [{ name: SCREEN_NAME_LOOKUP, select: (eb) => profileStore.screenNameOfSession(eb) }],
    // A self-chosen screen name comes before the register's name in the header.
    async displayName(context) {
      const looked = context.session.lookups?.[SCREEN_NAME_LOOKUP];
      if (context.subject.citizenId === context.actor.citizenId && looked !== undefined) return deps.profile.screenNameFrom(context.actor.citizenId, looked as Uint8Array | null);
      return deps.profile.screenName(context.subject.citizenId);
    },
    accessExport: (input) => profileExport({ profile: deps.profile, selfEntered }, input),
    web(app) {
      profileRoutes(app, deps);
      profilePageRoutes(app, { profile: deps.profile, selfEntered });
    },
    jobs: [{ name: 'self-entered-data-retention', intervalMs: RETENTION_INTERVAL_MS, run: () => retention.runOnce() }],
  } satisfies PortalModule;
  return { ...module, selfEntered, retention };
}
export { profileEncryptedColumns } from './encrypted-columns.ts';
export { INACTIVITY_YEARS, WARNING_DAYS } from './self-entered-retention.ts';
