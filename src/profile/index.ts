import type { PortalModule } from '../platform/module.ts';
import type { Accounts } from '../identity/index.ts';
import type { Profile } from './email-verification.ts';
import { profileExport } from './access-export.ts';
import { profileMessages } from './messages.ts';
import { profileRoutes } from './routes.tsx';

export { createProfile, type Profile } from './email-verification.ts';
export { profileMessages } from './messages.ts';
export { profileMigrations } from './migrations/index.ts';

/** Mijn account: screen name, e-mail address and its verification, usage history (R5, R18). */
export function createProfileModule(deps: { profile: Profile; accounts: Accounts }): PortalModule {
  return {
    name: 'profile',
    texts: profileMessages,
    nav: [{ href: '/mijn-account', labelKey: 'nav.account', order: 50 }],
    // A self-chosen screen name comes before the register's name in the header.
    displayName: (context) => deps.profile.screenName(context.subject.citizenId),
    accessExport: (input) => profileExport(deps.profile, input),
    web(app) {
      profileRoutes(app, deps);
    },
  };
}
export { profileEncryptedColumns } from './encrypted-columns.ts';
