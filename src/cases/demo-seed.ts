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

// Each person's cases fit them: their own municipality, their age. `{year}` in a reference becomes
// the year the case was opened, so no reference predates its case.
const DEMO_CASES: DemoCase[] = [
  { oin: '00000001002564440000', organisation: 'Gemeente Amsterdam', bsn: '999990007', reference: 'PV-{year}-0481', caseType: 'Parkeervergunning', title: 'Aanvraag parkeervergunning voor bewoners', dossier: 'https://mijn.amsterdam.example/zaken/PV-{year}-0481', statuses: [['Aanvraag ontvangen', 9, false], ['In behandeling', 4, false]], nextStep: 'Besluit over uw aanvraag', expectedInDays: 14 },
  { oin: '00000001002564440000', organisation: 'Gemeente Amsterdam', bsn: '999990007', reference: 'WMO-{year}-2207', caseType: 'Wmo-voorziening', title: 'Aanvraag traplift (Wmo)', dossier: 'https://mijn.amsterdam.example/zaken/WMO-{year}-2207', statuses: [['Aanvraag ontvangen', 80, false], ['Huisbezoek gepland', 60, false], ['Besluit verzonden', 21, true]] },
  { oin: '00000001001282418000', organisation: 'DUO', bsn: '999990056', reference: 'LLK-{year}-77120', caseType: 'Levenlanglerenkrediet', title: 'Aanvraag levenlanglerenkrediet', dossier: 'https://mijn.duo.example/aanvragen/LLK-{year}-77120', statuses: [['Aanvraag ontvangen', 50, false], ['In behandeling', 35, false], ['Besluit verzonden', 12, true]] },
  { oin: '00000001002220647000', organisation: 'Gemeente Utrecht', bsn: '999990056', reference: 'OV-{year}-1203', caseType: 'Omgevingsvergunning', title: 'Aanvraag omgevingsvergunning dakkapel', dossier: 'https://pip.utrecht.example/zaken/OV-{year}-1203', statuses: [['Aanvraag ontvangen', 30, false], ['Aanvullende gegevens nodig', 22, false], ['In behandeling', 10, false]], expectedInDays: 25 },
  { oin: '00000001854254064000', organisation: 'UWV', bsn: '999990147', reference: 'WW-{year}-90417', caseType: 'WW-uitkering', title: 'Aanvraag WW-uitkering', dossier: 'https://mijn.uwv.example/ww/WW-{year}-90417', statuses: [['Aanvraag ontvangen', 6, false]], expectedInDays: 22 },
  { oin: '00000001001589669000', organisation: 'Gemeente Groningen', bsn: '999990147', reference: 'VH-{year}-3381', caseType: 'Verhuizing', title: 'Melding verhuizing', dossier: 'https://mijn.groningen.example/zaken/VH-{year}-3381', statuses: [['Melding ontvangen', 40, false], ['Verwerkt in de BRP', 38, true]] },
  { oin: '00000001804770694000', organisation: 'RDW', bsn: '999990147', reference: 'KR-{year}-55310', caseType: 'Kentekenregistratie', title: 'Overschrijving kenteken bestelauto', dossier: 'https://mijn.rdw.example/aanvragen/KR-{year}-55310', statuses: [['Melding ontvangen', 2, false]], nextStep: 'Controle van de gegevens' },
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
    const opened = new Date(now - (demo.statuses[0]?.[1] ?? 0) * DAY);
    const year = String(opened.getUTCFullYear());
    const reference = demo.reference.replace('{year}', year);
    const organisation = (await deps.organisations.findByOin(demo.oin)) ?? (await deps.organisations.add({ oin: demo.oin, name: demo.organisation, capabilities: ['cases'] })).organisation;
    if (!organisation.capabilities.includes('cases')) continue;
    const put = await reporting.putCase({
      organisation,
      reference,
      body: {
        recipient: { bsn: demo.bsn },
        caseType: demo.caseType,
        title: demo.title,
        dossierUrl: demo.dossier.replace('{year}', year),
        openedOn: isoDate(opened),
        expectedEndOn: demo.expectedInDays ? isoDate(new Date(now + demo.expectedInDays * DAY)) : null,
        nextStep: demo.nextStep ?? null,
      },
    });
    if (put.status !== 201) continue;
    created++;
    for (const [index, [label, daysAgo, final]] of demo.statuses.entries()) {
      const body = { sequence: index + 1, code: label.toLowerCase().replace(/[^a-z]+/g, '-'), label, occurredAt: new Date(now - daysAgo * DAY).toISOString(), final };
      await reporting.addStatus({ organisation, reference, body });
    }
  }
  return created;
}
