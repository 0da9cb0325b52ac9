import type { Accounts } from '../identity/index.ts';
import type { Inbox } from '../inbox/index.ts';
import type { Organisation, OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_CITIZENS } from '../registers/demo/index.ts';
import { samplePdf } from './sample-pdf.ts';

const ORGANISATIONS = [
  { oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true },
  { oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] },
  { oin: '00000001804770694000', name: 'RDW', capabilities: ['inbox', 'cases'] },
  { oin: '00000001854254064000', name: 'UWV', capabilities: ['inbox', 'cases', 'data'] },
  { oin: '00000001001282418000', name: 'DUO', capabilities: ['inbox', 'cases'] },
];

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
  for (const person of [johanna, fatima, pieter, sanne]) {
    if (!person) continue;
    await inbox.delivery.deliver(org('Belastingdienst'), [
      {
        recipient: { bsn: person.bsn },
        reference: `demo-va-2027-${person.bsn.slice(-3)}`,
        subject: 'Voorlopige aanslag inkomstenbelasting 2027',
        body: `Geachte heer/mevrouw ${person.surname},\n\nUw voorlopige aanslag inkomstenbelasting 2027 staat voor u klaar. U vindt de aanslag in de bijlage.\n\nBent u het niet eens met deze aanslag? Dan kunt u binnen 6 weken bezwaar maken.\n\nMet vriendelijke groet,\nBelastingdienst`,
        legalConsequence: true,
        dueAt: iso(42),
        attachments: [pdf(['Voorlopige aanslag 2027', `Ten name van ${person.givenNames} ${person.surname}`, 'Te betalen: 1.234 euro in 11 termijnen'])],
      },
    ]);
  }
  for (const person of [johanna, fatima, pieter]) {
    if (!person) continue;
    await inbox.delivery.deliver(org('Gemeente Utrecht'), [
      {
        recipient: { bsn: person.bsn },
        reference: `demo-afval-${person.bsn.slice(-3)}`,
        subject: 'Nieuwe ophaaldagen afval vanaf januari',
        body: 'Beste inwoner,\n\nVanaf 1 januari wordt het restafval op dinsdag opgehaald. Zet uw container voor 7.30 uur aan de straat.\n\nGemeente Utrecht',
      },
    ]);
    await inbox.delivery.deliver(org('UWV'), [
      {
        recipient: { bsn: person.bsn },
        reference: `demo-jaaropgaaf-${person.bsn.slice(-3)}`,
        subject: 'Jaaropgaaf 2026',
        body: 'Geachte heer/mevrouw,\n\nHierbij ontvangt u uw jaaropgaaf over 2026. Bewaar deze goed voor uw belastingaangifte.\n\nUWV',
        attachments: [pdf(['Jaaropgaaf 2026', `Ten name van ${person.givenNames} ${person.surname}`])],
      },
      {
        recipient: { bsn: person.bsn },
        reference: `demo-ww-besluit-${person.bsn.slice(-3)}`,
        subject: 'Besluit over uw WW-uitkering',
        body: 'Geachte heer/mevrouw,\n\nWij hebben besloten over uw aanvraag voor een WW-uitkering. U leest het besluit in de bijlage.\n\nUWV',
        legalConsequence: true,
        requiredAssurance: 'substantieel',
        dueAt: iso(35),
        attachments: [pdf(['Besluit WW-uitkering', 'U heeft recht op een WW-uitkering'])],
      },
    ]);
  }
  if (extra) await extra(byName);
  return true;
}
