import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { createCaseReporting } from './report-cases.ts';

const DAY = 24 * 60 * 60 * 1000;

interface DemoCase {
  oin: string;
  organisation: string;
  bsn: string;
  reference: string;
  caseType: string;
  title: string;
  dossier: string;
  /** Statuses as [label, days ago, final]. */
  statuses: [string, number, boolean][];
  nextStep?: string;
  expectedInDays?: number;
}

const DEMO_CASES: DemoCase[] = [
  { oin: '00000001002564440000', organisation: 'Gemeente Amsterdam', bsn: '999990007', reference: 'PV-2025-0481', caseType: 'Parkeervergunning', title: 'Aanvraag parkeervergunning', dossier: 'https://mijn.amsterdam.example/zaken/PV-2025-0481', statuses: [['Aanvraag ontvangen', 9, false], ['In behandeling', 4, false]], nextStep: 'Besluit over uw aanvraag', expectedInDays: 14 },
  { oin: '00000001001282418000', organisation: 'DUO', bsn: '999990007', reference: 'SF-2024-77120', caseType: 'Studiefinanciering', title: 'Aanvraag levenlanglerenkrediet', dossier: 'https://mijn.duo.example/aanvragen/SF-2024-77120', statuses: [['Aanvraag ontvangen', 80, false], ['In behandeling', 60, false], ['Besluit verzonden', 21, true]] },
  { oin: '00000001002220647000', organisation: 'Gemeente Utrecht', bsn: '999990056', reference: 'OV-2025-1203', caseType: 'Omgevingsvergunning', title: 'Aanvraag omgevingsvergunning dakkapel', dossier: 'https://pip.utrecht.example/zaken/OV-2025-1203', statuses: [['Aanvraag ontvangen', 30, false], ['Aanvullende gegevens nodig', 22, false], ['In behandeling', 10, false]], expectedInDays: 25 },
  { oin: '00000001804770694000', organisation: 'RDW', bsn: '999990056', reference: 'GPK-55310', caseType: 'Gehandicaptenparkeerkaart', title: 'Aanvraag gehandicaptenparkeerkaart', dossier: 'https://mijn.rdw.example/aanvragen/GPK-55310', statuses: [['Aanvraag ontvangen', 2, false]], nextStep: 'Medische keuring' },
  { oin: '00000001854254064000', organisation: 'UWV', bsn: '999990147', reference: 'WW-2025-90417', caseType: 'WW-uitkering', title: 'Aanvraag WW-uitkering', dossier: 'https://mijn.uwv.example/ww/WW-2025-90417', statuses: [['Aanvraag ontvangen', 6, false]], expectedInDays: 22 },
  { oin: '00000001001589669000', organisation: 'Gemeente Groningen', bsn: '999990147', reference: 'VH-2025-3381', caseType: 'Verhuizing', title: 'Melding verhuizing', dossier: 'https://mijn.groningen.example/zaken/VH-2025-3381', statuses: [['Melding ontvangen', 40, false], ['Verwerkt in de BRP', 38, true]] },
];

const isoDate = (value: Date) => value.toISOString().slice(0, 10);

/**
 * Demo cases for the demo citizens from several organisations, open and closed, recorded through
 * the same rules as the case API (organisations are registered when missing). Idempotent: a case
 * that already exists is left as it is, so restarts change nothing.
 */
export async function seedDemoCases(deps: { db: Db; keyring: Keyring; accounts: Accounts; organisations: OrganisationRegistry; now: () => Date; notificationDelayMs?: number }): Promise<number> {
  const reporting = createCaseReporting({ ...deps, notificationDelayMs: deps.notificationDelayMs ?? 60_000 });
  const now = deps.now().getTime();
  let created = 0;
  for (const demo of DEMO_CASES) {
    const organisation = (await deps.organisations.findByOin(demo.oin)) ?? (await deps.organisations.add({ oin: demo.oin, name: demo.organisation, capabilities: ['cases'] })).organisation;
    if (!organisation.capabilities.includes('cases')) continue;
    const put = await reporting.putCase({
      organisation,
      reference: demo.reference,
      body: {
        recipient: { bsn: demo.bsn },
        caseType: demo.caseType,
        title: demo.title,
        dossierUrl: demo.dossier,
        openedOn: isoDate(new Date(now - (demo.statuses[0]?.[1] ?? 0) * DAY)),
        expectedEndOn: demo.expectedInDays ? isoDate(new Date(now + demo.expectedInDays * DAY)) : null,
        nextStep: demo.nextStep ?? null,
      },
    });
    if (put.status !== 201) continue;
    created++;
    for (const [index, [label, daysAgo, final]] of demo.statuses.entries()) {
      const body = { sequence: index + 1, code: label.toLowerCase().replace(/[^a-z]+/g, '-'), label, occurredAt: new Date(now - daysAgo * DAY).toISOString(), final };
      await reporting.addStatus({ organisation, reference: demo.reference, body });
    }
  }
  return created;
}
