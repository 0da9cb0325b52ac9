import type { Accounts } from '../identity/index.ts';
import type { Inbox } from '../inbox/index.ts';
import type { Organisation, OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_CITIZENS } from '../registers/demo/index.ts';
import { samplePdf } from './sample-pdf.ts';

const ORGANISATIONS = [
  { oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true },
  { oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] },
  { oin: '00000001002564440000', name: 'Gemeente Amsterdam', capabilities: ['inbox', 'cases'] },
  { oin: '00000001001589669000', name: 'Gemeente Groningen', capabilities: ['inbox', 'cases'] },
  { oin: '00000001804770694000', name: 'RDW', capabilities: ['inbox', 'cases'] },
  { oin: '00000001854254064000', name: 'UWV', capabilities: ['inbox', 'cases', 'data'] },
  { oin: '00000001001282418000', name: 'DUO', capabilities: ['inbox', 'cases'] },
  { oin: '00000001817301409000', name: 'Sociale Verzekeringsbank (SVB)', capabilities: ['inbox'] },
];

/** Each demo person's own municipality, by where the demo population register says they live. */
const MUNICIPALITY_OF: Record<string, string> = { Amsterdam: 'Gemeente Amsterdam', Utrecht: 'Gemeente Utrecht', Groningen: 'Gemeente Groningen' };

const DAY = 24 * 60 * 60 * 1000;

/**
 * Demo data for `npm start` on the embedded database: organisations, activated accounts for the
 * adult demo people (Sanne is left to activate at first login) and messages delivered through the
 * real delivery path, with receipts. Runs once: a registered Belastingdienst means it was seeded.
 */
export async function seedDemo(
  deps: { organisations: OrganisationRegistry; accounts: Accounts; inbox: Pick<Inbox, 'delivery'>; db: Db },
  extra?: (organisations: Map<string, Organisation>) => Promise<void>,
): Promise<boolean> {
  const { organisations, accounts, inbox, db } = deps;
  if (await organisations.findByOin(ORGANISATIONS[0]?.oin ?? '')) return false;
  const byName = new Map<string, Organisation>();
  for (const org of ORGANISATIONS) byName.set(org.name, (await organisations.findByOin(org.oin)) ?? (await organisations.add(org)).organisation);
  const [johanna, fatima, pieter, sanne] = DEMO_CITIZENS;
  for (const person of [johanna, fatima, pieter]) {
    if (!person) continue;
    const citizenId = await db.transaction().execute((trx) => accounts.ensureAccount(trx, person.bsn));
    await accounts.activate({ citizenId, at: new Date(Date.now() - 400 * DAY) });
  }
  const org = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`demo organisation ${name} missing`);
    return found;
  };
  const pdf = (lines: string[]) => ({ filename: `${lines[0]?.toLowerCase().replace(/[^a-z0-9]+/g, '-') ?? 'document'}.pdf`, contentType: 'application/pdf' as const, content: samplePdf(lines).toString('base64') });
  const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
  // Through the real delivery path: the input is validated as the API validates it.
  const deliver = async (organisation: string, message: Record<string, unknown>) => {
    const [outcome] = await inbox.delivery.deliver(org(organisation), [message]);
    if (!outcome || outcome.status >= 400) throw new Error(`demo message ${String(message.reference)} refused`);
  };
  // Adults get their provisional tax assessment; the 15-year-old gets what fits her age.
  for (const person of [johanna, fatima, pieter]) {
    if (!person) continue;
    await deliver('Belastingdienst', {
      recipient: { bsn: person.bsn },
      reference: `demo-va-2027-${person.bsn.slice(-3)}`,
      subject: 'Voorlopige aanslag inkomstenbelasting 2027',
      body: `Geachte heer/mevrouw ${person.surname},\n\nUw voorlopige aanslag inkomstenbelasting 2027 staat voor u klaar. U vindt de aanslag in de bijlage.\n\nBent u het niet eens met deze aanslag? Dan kunt u binnen 6 weken bezwaar maken. Dat kan online op https://www.belastingdienst.nl/bezwaar.\n\nMet vriendelijke groet,\nBelastingdienst`,
      legalConsequence: true,
      dueAt: iso(42),
      attachments: [pdf(['Voorlopige aanslag 2027', `Ten name van ${person.givenNames} ${person.surname}`, 'Te betalen: 1.234 euro in 11 termijnen'])],
    });
  }
  if (sanne) {
    await deliver('Belastingdienst', {
      recipient: { bsn: sanne.bsn },
      reference: `demo-bijbaan-${sanne.bsn.slice(-3)}`,
      subject: 'Heeft u een bijbaan? Misschien krijgt u belasting terug',
      body: `Beste ${sanne.givenNames},\n\nVerdient u geld met een bijbaan? Dan houdt uw werkgever vaak loonheffing in. Verdient u minder dan ongeveer 9.000 euro per jaar? Dan krijgt u dat geld meestal terug als u aangifte doet.\n\nHoe dat werkt, leest u op https://www.belastingdienst.nl/jongeren.\n\nMet vriendelijke groet,\nBelastingdienst`,
    });
  }
  // Each adult hears from their own municipality.
  for (const person of [johanna, fatima, pieter]) {
    const municipality = person?.address ? MUNICIPALITY_OF[person.address.city] : undefined;
    if (!person || !municipality) continue;
    await deliver(municipality, {
      recipient: { bsn: person.bsn },
      reference: `demo-afval-${person.bsn.slice(-3)}`,
      subject: 'Nieuwe ophaaldagen afval vanaf januari',
      body: `Beste inwoner,\n\nVanaf 1 januari halen wij het restafval op dinsdag op. Zet uw container voor 7.30 uur aan de straat.\n\nDe nieuwe afvalkalender vindt u op https://www.${(person.address?.city ?? '').toLowerCase()}.nl/afval.\n\n${municipality}`,
    });
  }
  if (johanna) {
    await deliver('Sociale Verzekeringsbank (SVB)', {
      recipient: { bsn: johanna.bsn },
      reference: `demo-aow-jaaropgaaf-${johanna.bsn.slice(-3)}`,
      subject: 'Jaaropgaaf AOW 2026',
      body: 'Geachte mevrouw De Vries,\n\nHierbij ontvangt u de jaaropgaaf van uw AOW-pensioen over 2026. U heeft deze nodig voor uw belastingaangifte.\n\nMet vriendelijke groet,\nSociale Verzekeringsbank',
      attachments: [pdf(['Jaaropgaaf AOW 2026', `Ten name van ${johanna.givenNames} ${johanna.surname}`])],
    });
  }
  if (fatima) {
    await deliver('DUO', {
      recipient: { bsn: fatima.bsn },
      reference: `demo-terugbetalen-${fatima.bsn.slice(-3)}`,
      subject: 'Uw maandbedrag voor het terugbetalen van uw studieschuld in 2027',
      body: 'Beste mevrouw El Amrani,\n\nVanaf 1 januari 2027 betaalt u 112 euro per maand terug. Dat is 4 euro meer dan nu, omdat de rente is veranderd.\n\nKunt u dit bedrag niet betalen? Vraag dan een lager maandbedrag aan via https://mijn.duo.nl/terugbetalen/draagkracht-aanvragen-voor-het-komende-jaar.\n\nMet vriendelijke groet,\nDUO',
      dueAt: iso(30),
    });
  }
  if (pieter) {
    await deliver('UWV', {
      recipient: { bsn: pieter.bsn },
      reference: `demo-ww-besluit-${pieter.bsn.slice(-3)}`,
      subject: 'Besluit over uw WW-uitkering',
      body: 'Geachte heer Van den Berg,\n\nWij hebben besloten over uw aanvraag voor een WW-uitkering. U leest het besluit in de bijlage.\n\nBent u het niet eens met dit besluit? Dan kunt u binnen 6 weken bezwaar maken.\n\nMet vriendelijke groet,\nUWV',
      legalConsequence: true,
      requiredAssurance: 'substantieel',
      dueAt: iso(35),
      attachments: [pdf(['Besluit WW-uitkering', 'U heeft recht op een WW-uitkering'])],
    });
    await deliver('UWV', {
      recipient: { bsn: pieter.bsn },
      reference: `demo-ww-wijzigingen-${pieter.bsn.slice(-3)}`,
      subject: 'Geef wijzigingen door terwijl u een WW-uitkering heeft',
      body: 'Geachte heer Van den Berg,\n\nHeeft u werk gevonden of gaat u verhuizen? Geef dat binnen een week aan ons door. Zo krijgt u het juiste bedrag.\n\nMet vriendelijke groet,\nUWV',
    });
  }
  if (extra) await extra(byName);
  return true;
}
