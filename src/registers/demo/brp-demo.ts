import { DEMO_CITIZENS, type DemoCitizen } from './citizens.ts';
import { DEMO_REGISTRATIONS, type DemoRelative } from './demo-data.ts';
import { problem, type DemoHandler } from './demo-server.ts';

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

function datum(iso: string) {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { type: 'Datum', datum: iso, langFormaat: `${day} ${MONTHS[month - 1] ?? ''} ${year}` };
}

function naam(person: Pick<DemoRelative, 'givenNames' | 'surnamePrefix' | 'surname'>) {
  const volledigeNaam = [person.givenNames, person.surnamePrefix, person.surname].filter(Boolean).join(' ');
  return { voornamen: person.givenNames, ...(person.surnamePrefix ? { voorvoegsel: person.surnamePrefix } : {}), geslachtsnaam: person.surname, volledigeNaam };
}

/** A Haal Centraal Persoon for a demo citizen, as the BRP returns it (deceased people included). */
function persoon(person: DemoCitizen): Record<string, unknown> {
  const registration = DEMO_REGISTRATIONS[person.bsn];
  if (!registration || person.deathDate) {
    // What the BRP still says of someone whose record is closed: name, birth and death.
    return {
      burgerservicenummer: person.bsn,
      naam: naam(person),
      geboorte: { datum: datum(person.birthDate) },
      ...(person.deathDate
        ? {
            overlijden: { datum: datum(person.deathDate) },
            opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: datum(person.deathDate) },
          }
        : {}),
    };
  }
  const address = person.address;
  return {
    burgerservicenummer: person.bsn,
    naam: naam(person),
    geboorte: { datum: datum(person.birthDate), plaats: { code: registration.birthPlace.code, omschrijving: registration.birthPlace.name }, land: { code: '6030', omschrijving: 'Nederland' } },
    nationaliteiten: [{ type: 'Nationaliteit', nationaliteit: { code: '0001', omschrijving: person.nationality } }],
    gemeenteVanInschrijving: { code: registration.municipality.code, omschrijving: registration.municipality.name },
    ...(address
      ? {
          verblijfplaats: {
            type: 'Adres',
            nummeraanduidingIdentificatie: registration.addressId,
            verblijfadres: {
              officieleStraatnaam: address.street,
              korteStraatnaam: address.street.slice(0, 24),
              huisnummer: Number(address.houseNumber),
              postcode: address.postalCode.replace(' ', ''),
              woonplaats: address.city,
            },
          },
        }
      : {}),
    partners: registration.partner
      ? [
          {
            burgerservicenummer: registration.partner.bsn,
            naam: naam(registration.partner),
            geboorte: { datum: datum(registration.partner.birthDate) },
            soortVerbintenis: { code: registration.partner.kind.code, omschrijving: registration.partner.kind.name },
            aangaanHuwelijkPartnerschap: { datum: datum(registration.partner.since), plaats: { omschrijving: registration.partner.place } },
          },
        ]
      : [],
    kinderen: registration.children.map((child) => ({ burgerservicenummer: child.bsn, naam: naam(child), geboorte: { datum: datum(child.birthDate) } })),
  };
}

function isQuery(body: unknown): body is { type: string; burgerservicenummer: string[]; fields: string[] } {
  const query = body as { type?: unknown; burgerservicenummer?: unknown; fields?: unknown } | undefined;
  return (
    typeof query === 'object' &&
    query !== null &&
    typeof query.type === 'string' &&
    Array.isArray(query.burgerservicenummer) &&
    query.burgerservicenummer.length >= 1 &&
    query.burgerservicenummer.length <= 20 &&
    query.burgerservicenummer.every((bsn) => typeof bsn === 'string' && /^[0-9]{9}$/.test(bsn)) &&
    Array.isArray(query.fields) &&
    query.fields.length >= 1 &&
    query.fields.length <= 130 &&
    query.fields.every((field) => typeof field === 'string' && /^[a-zA-Z0-9._]{1,200}$/.test(field))
  );
}

/** Keeps only the requested fields (by their first path segment), as the real API does. */
function pick(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const wanted = new Set(fields.map((field) => field.split('.')[0]));
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key)));
}

/** Fields the BRP always delivers, whatever `fields` asks. */
const AUTOMATIC_FIELDS = ['opschortingBijhouding', 'inOnderzoek', 'geheimhoudingPersoonsgegevens', 'rni', 'verificatie'];

/**
 * POST /personen, type RaadpleegMetBurgerservicenummer, as in Haal Centraal BRP Personen bevragen
 * 2.x, over the given persons (Haal Centraal Persoon records keyed by BSN). Tests use it to run a
 * BRP test server that holds people who are not demo citizens.
 */
export function brpHandlerFor(people: ReadonlyMap<string, Record<string, unknown>>): DemoHandler {
  return (request, variant) => {
    if (request.method !== 'POST' || request.path !== '/personen') return problem(404, 'Niet gevonden');
    if (!isQuery(request.body) || request.body.type !== 'RaadpleegMetBurgerservicenummer') return problem(400, 'Ten minste een parameter moet worden opgegeven');
    const { burgerservicenummer, fields } = request.body;
    if (variant === 'empty') return { status: 200, body: { type: 'RaadpleegMetBurgerservicenummer', personen: [] } };
    if (variant === 'malformed') {
      return { status: 200, body: { type: 'RaadpleegMetBurgerservicenummer', personen: [{ naam: { volledigeNaam: 42 }, geboorte: { datum: '12-03-1948' } }] } };
    }
    const personen = burgerservicenummer.flatMap((bsn) => {
      const found = people.get(bsn);
      return found ? [pick(found, [...fields, ...AUTOMATIC_FIELDS])] : [];
    });
    return { status: 200, body: { type: 'RaadpleegMetBurgerservicenummer', personen } };
  };
}

/** The demo BRP: every demo citizen. */
export const brpDemoHandler: DemoHandler = brpHandlerFor(new Map(DEMO_CITIZENS.map((person) => [person.bsn, persoon(person)])));
