import type { Config, ExternalMailboxStore, ZgwSource } from '../config.ts';
import { DEMO_MAILBOX, startMagazijnDemo, type MagazijnDemo } from '../external-mailboxes/demo/index.ts';
import { samplePdf } from './sample-pdf.ts';
import { startZgwDemo, type ZgwTestServer } from '../cases/demo/index.ts';
import { startDigidSimulator, type DigidSimulator } from '../identity/demo/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import { devMailRoutes } from '../platform/mail/dev-mail-routes.tsx';
import { MailCatcher } from '../platform/mail/mail-catcher.ts';
import type { PortalModule } from '../platform/module.ts';
import { REGISTER_SOURCES, type RegisterSource } from '../registers/index.ts';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN, startDemoRegisters, type DemoCitizen, type DemoRegisters } from '../registers/demo/index.ts';

export { seedDemoCases } from '../cases/demo/index.ts';
export { seedDemo } from './seed.ts';

/**
 * The development stand-ins, started from this one place and only for settings that are absent:
 * the simulated DigiD (no OIDC_ISSUER), the mail catcher (no SMTP_URL), demo registers (no
 * BRP_URL, RDW_URL, …) and a ZGW test server with demo zaken (no ZGW_SOURCES). Production
 * configuration refuses to start without those settings, and this function refuses as well.
 */
export interface StandIns {
  /** The eID provider to use instead of OIDC_ISSUER, when simulated. */
  eid: { issuer: string; clientId: string; clientSecret: string } | null;
  smtpUrl: string | null;
  /** Demo register URLs for the sources without a configured URL. */
  registerUrls: Partial<Record<RegisterSource, string>>;
  simulator: DigidSimulator | null;
  mailCatcher: MailCatcher | null;
  demoRegisters: DemoRegisters | null;
  /** The demo message store (FBS berichtenmagazijn) when no EXTERNAL_MAILBOXES are configured. */
  magazijnDemo: MagazijnDemo | null;
  /** The demo message store as configuration, to add to the configured stores. */
  mailboxStores: ExternalMailboxStore[];
  /**
   * The stand-ins that need the core (the ZGW demo registers its municipality): the extra ZGW
   * sources and a module with the development pages (`/dev/mail`).
   */
  attach(core: { organisations: OrganisationRegistry; now: () => Date }): Promise<{ zgwSources: ZgwSource[]; module: PortalModule }>;
  /** The ZGW test server with demo zaken, once attached (ZGW_DEMO). */
  zgwDemo(): { server: ZgwTestServer; source: ZgwSource } | null;
  close(): Promise<void>;
}

/**
 * Starts what the configuration leaves out, for the roles this process serves (a worker gets no
 * simulated DigiD, registers or ZGW server: it serves no HTTP). In production nothing may be left out.
 */
export async function startStandIns(config: Config, roles: { web: boolean; api: boolean; worker: boolean }): Promise<StandIns> {
  if (config.production) throw new Error('development stand-ins are never started in production');
  const mailCatcher = config.smtpUrl ? null : new MailCatcher();
  const smtpUrl = mailCatcher ? await mailCatcher.listen(config.mailCatcherPort) : null;
  const simulator = config.oidc.issuer || !roles.web
    ? null
    : await startDigidSimulator({
        port: config.oidc.simulatorPort,
        redirectUris: [`${config.publicUrl}/auth/callback`],
        people: [
          ...DEMO_CITIZENS.map((person) => ({ bsn: person.bsn, label: `${[person.givenNames, person.surnamePrefix, person.surname].filter(Boolean).join(' ')}${demoNote(person)}` })),
          { bsn: DEMO_UNKNOWN_BSN, label: 'Onbekend in de BRP (geen toegang)' },
        ],
      });
  const unconfigured = roles.web || roles.api ? REGISTER_SOURCES.filter((source) => !config.registers.providers[source].url) : [];
  const demoRegisters = unconfigured.length > 0 ? await startDemoRegisters({ sources: unconfigured }) : null;
  let zgwDemo: Awaited<ReturnType<typeof startZgwDemo>> | null = null;
  const magazijnDemo = config.externalMailboxes.demo && roles.web
    ? await startMagazijnDemo({ bsns: DEMO_CITIZENS.map((person) => person.bsn), attachment: samplePdf(['Aanslag watersysteemheffing 2026', 'Waterschap De Demo-Polder']) })
    : null;

  return {
    eid: simulator ? { issuer: simulator.issuer, clientId: simulator.clientId, clientSecret: simulator.clientSecret } : null,
    smtpUrl,
    registerUrls: demoRegisters?.urls ?? {},
    simulator,
    mailCatcher,
    demoRegisters,
    magazijnDemo,
    mailboxStores: magazijnDemo
      ? [{ ...DEMO_MAILBOX, url: magazijnDemo.url, timeoutMs: 2000, clientCertFile: undefined, clientKeyFile: undefined, caFile: undefined }]
      : [],
    zgwDemo: () => zgwDemo,
    async attach(core) {
      if (config.zgw.demo && roles.web) zgwDemo = await startZgwDemo(core);
      const module: PortalModule = {
        name: 'dev',
        web(app) {
          if (mailCatcher) devMailRoutes(app, { catcher: mailCatcher });
        },
        // After the portal's own abonnementen: the demo zaken arrive through the real callback.
        async onListening() {
          zgwDemo?.announce();
        },
      };
      return { zgwSources: zgwDemo ? [zgwDemo.source] : [], module };
    },
    async close() {
      await mailCatcher?.close();
      await simulator?.close();
      await demoRegisters?.close();
      await zgwDemo?.server.close();
      await magazijnDemo?.close();
    },
  };
}

function demoNote(person: DemoCitizen): string {
  if (person.deathDate) return ' (overleden, geen toegang)';
  const year = Number(person.birthDate.slice(0, 4));
  return new Date().getFullYear() - year < 14 ? ' (jonger dan 14, geen toegang)' : '';
}
