import type { PortalModule } from '../platform/module.ts';
import { personalDataMessages } from './messages.ts';
import { personalDataRoutes } from './routes.tsx';
import { PersonalData, type PersonalDataDeps } from './service.ts';

export { personalDataMessages } from './messages.ts';
export { PersonalData } from './service.ts';

/** Persoonlijke Gegevens: the registers fetched at login, shown from the session only (R14–R16). */
export function createPersonalDataModule(deps: PersonalDataDeps) {
  const personalData = new PersonalData(deps);
  const module = {
    name: 'personal-data',
    scope: 'self',
    texts: personalDataMessages,
    nav: [{ href: '/mijn-gegevens', labelKey: 'nav.personalData', order: 60 }],
    afterLogin: ({ session, bsn }) => personalData.fetchAtLogin({ session, bsn }),
    web(app) {
      personalDataRoutes(app, { personalData });
    },
  } satisfies PortalModule;
  return { ...module, personalData };
}
