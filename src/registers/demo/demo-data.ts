import { DEMO_CITIZENS, type DemoCitizen } from './citizens.ts';

/**
 * What the demo registers know beyond citizens.ts, consistent with it: Daan Jansen is
 * the son of Fatima El Amrani (same address in Utrecht) and Thomas Jansen; Sanne Bakker is
 * Pieter van den Berg's daughter; Johanna de Vries has no vehicles, Sanne has no benefits.
 * Relatives who are not demo citizens have BSNs from the test range that pass the eleven test.
 */
export interface DemoRelative {
  bsn: string;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  birthDate: string;
}

export interface DemoRegistration {
  birthPlace: { code: string; name: string };
  municipality: { code: string; name: string };
  /** BAG id of the home address, which the WOZ register is asked about. */
  addressId: string;
  partner: (DemoRelative & { kind: { code: 'H' | 'P'; name: string }; since: string; place: string }) | null;
  children: DemoRelative[];
  vehicles: { plate: string; brand: string; model: string; registeredOn: string; apkExpiresOn: string | null }[];
  benefits: { code: string; name: string; provider: string; since: string; until: string | null }[];
}

function citizen(bsn: string): DemoCitizen {
  const person = DEMO_CITIZENS.find((candidate) => candidate.bsn === bsn);
  if (!person) throw new Error(`demo citizen ${bsn} is missing`);
  return person;
}

const relative = (person: DemoCitizen): DemoRelative => ({
  bsn: person.bsn,
  givenNames: person.givenNames,
  surnamePrefix: person.surnamePrefix,
  surname: person.surname,
  birthDate: person.birthDate,
});

const AMSTERDAM = { code: '0363', name: 'Amsterdam' };
const UTRECHT = { code: '0344', name: 'Utrecht' };
const GRONINGEN = { code: '0014', name: 'Groningen' };
const EINDHOVEN = { code: '0772', name: 'Eindhoven' };
const SVB = 'Sociale Verzekeringsbank (SVB)';
const UWV = 'UWV';

export const DEMO_REGISTRATIONS: Record<string, DemoRegistration> = {
  // Johanna de Vries: widowed, one adult son, AOW, no vehicles.
  '999990007': {
    birthPlace: AMSTERDAM,
    municipality: AMSTERDAM,
    addressId: '0363200000457810',
    partner: null,
    children: [{ bsn: '999990019', givenNames: 'Maarten', surnamePrefix: 'de', surname: 'Vries', birthDate: '1976-08-03' }],
    vehicles: [],
    benefits: [{ code: 'AOW', name: 'AOW-pensioen', provider: SVB, since: '2013-04-12', until: null }],
  },
  // Fatima El Amrani: registered partnership with Thomas Jansen, son Daan, one car, child benefit.
  '999990056': {
    birthPlace: UTRECHT,
    municipality: UTRECHT,
    addressId: '0344200000158001',
    partner: {
      bsn: '999990068',
      givenNames: 'Thomas',
      surnamePrefix: null,
      surname: 'Jansen',
      birthDate: '1985-04-22',
      kind: { code: 'P', name: 'geregistreerd partnerschap' },
      since: '2014-06-14',
      place: 'Utrecht',
    },
    children: [relative(citizen('999990238'))],
    vehicles: [{ plate: 'S-471-KV', brand: 'TOYOTA', model: 'YARIS', registeredOn: '2021-03-18', apkExpiresOn: '2027-03-18' }],
    benefits: [{ code: 'AKW', name: 'Kinderbijslag', provider: SVB, since: '2016-01-01', until: '2033-12-31' }],
  },
  // Pieter van den Berg: married to Ingrid Smit, daughter Sanne, a car and a motorcycle (no APK), WW ended.
  '999990147': {
    birthPlace: { code: '0106', name: 'Assen' },
    municipality: GRONINGEN,
    addressId: '0014200000012001',
    partner: {
      bsn: '999990123',
      givenNames: 'Ingrid',
      surnamePrefix: null,
      surname: 'Smit',
      birthDate: '1979-12-09',
      kind: { code: 'H', name: 'huwelijk' },
      since: '2019-09-14',
      place: 'Groningen',
    },
    children: [relative(citizen('999990196'))],
    vehicles: [
      { plate: '89-ZTL-3', brand: 'VOLKSWAGEN', model: 'GOLF', registeredOn: '2017-05-02', apkExpiresOn: '2027-05-02' },
      { plate: 'MF-12-BR', brand: 'HONDA', model: 'CB500F', registeredOn: '2020-06-15', apkExpiresOn: null },
    ],
    benefits: [{ code: 'WW', name: 'WW-uitkering', provider: UWV, since: '2025-02-01', until: '2025-11-30' }],
  },
  // Sanne Bakker (15): lives with her mother in Eindhoven; nothing in her own name.
  '999990196': { birthPlace: EINDHOVEN, municipality: EINDHOVEN, addressId: '0772200000007001', partner: null, children: [], vehicles: [], benefits: [] },
  // Daan Jansen (a child): registered at his mother's address.
  '999990238': { birthPlace: UTRECHT, municipality: UTRECHT, addressId: '0344200000158001', partner: null, children: [], vehicles: [], benefits: [] },
};

/** WOZ values by BAG address id: the last two reference dates, as the municipality set them. */
export const DEMO_WOZ: Record<string, { objectId: string; municipality: { code: string; name: string }; values: [string, number][] }> = {
  '0363200000457810': { objectId: '036300012345', municipality: AMSTERDAM, values: [['2024-01-01', 1_185_000], ['2025-01-01', 1_254_000]] },
  '0344200000158001': { objectId: '034400015801', municipality: UTRECHT, values: [['2024-01-01', 489_000], ['2025-01-01', 512_000]] },
  '0014200000012001': { objectId: '001400001201', municipality: GRONINGEN, values: [['2024-01-01', 371_000], ['2025-01-01', 398_000]] },
  '0772200000007001': { objectId: '077200000701', municipality: EINDHOVEN, values: [['2024-01-01', 329_000], ['2025-01-01', 344_000]] },
};
