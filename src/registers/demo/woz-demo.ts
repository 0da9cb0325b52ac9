import { DEMO_CITIZENS } from './citizens.ts';
import { DEMO_REGISTRATIONS, DEMO_WOZ } from './demo-data.ts';
import { problem, type DemoHandler } from './demo-server.ts';

/** The BAG address id for a postcode and house number, from the demo citizens' addresses. */
function addressIdFor(postcode: string, houseNumber: string): string | null {
  const person = DEMO_CITIZENS.find(
    (candidate) => candidate.address?.postalCode.replace(' ', '') === postcode && candidate.address.houseNumber === houseNumber,
  );
  return person ? (DEMO_REGISTRATIONS[person.bsn]?.addressId ?? null) : null;
}

function wozObject(addressId: string) {
  const entry = DEMO_WOZ[addressId];
  const person = DEMO_CITIZENS.find((candidate) => DEMO_REGISTRATIONS[candidate.bsn]?.addressId === addressId);
  if (!entry || !person?.address) return null;
  const { address } = person;
  return {
    identificatie: entry.objectId,
    aanduiding: {
      straat: address.street,
      huisnummer: Number(address.houseNumber),
      postcode: address.postalCode.replace(' ', ''),
      woonplaats: address.city,
      adresregel1: `${address.street} ${address.houseNumber}`,
      adresregel2: `${address.postalCode} ${address.city.toUpperCase()}`,
      nummeraanduidingIdentificatie: addressId,
    },
    verantwoordelijkeGemeente: { code: entry.municipality.code, omschrijving: entry.municipality.name },
    waarden: entry.values.map(([waardepeildatum, vastgesteldeWaarde]) => ({
      vastgesteldeWaarde,
      waardepeildatum,
      ingangsdatum: `${Number(waardepeildatum.slice(0, 4)) + 1}-01-01`,
      beschikkingsStatussen: ['beschikking_genomen'],
    })),
    _links: { self: { href: `/wozobjecten/${entry.objectId}` } },
  };
}

/** GET /wozobjecten by nummeraanduidingIdentificatie or postcode + huisnummer (Haal Centraal WOZ bevragen 1.x). */
export const wozDemoHandler: DemoHandler = (request, variant) => {
  if (request.method !== 'GET' || request.path !== '/wozobjecten') return problem(404, 'Niet gevonden');
  const { query } = request;
  const byId = query.get('nummeraanduidingIdentificatie');
  const postcode = query.get('postcode');
  const houseNumber = query.get('huisnummer');
  if (byId ? !/^[0-9]{16}$/.test(byId) : !(postcode && /^[1-9][0-9]{3}[A-Z]{2}$/.test(postcode) && houseNumber)) {
    return problem(400, 'Ten minste een parameter moet worden opgegeven');
  }
  const self = { self: { href: `/wozobjecten?${query.toString()}` } };
  if (variant === 'malformed') {
    return { status: 200, contentType: 'application/hal+json', body: { _embedded: { wozobjecten: [{ identificatie: 1, waarden: [{ vastgesteldeWaarde: 'veel' }] }] }, _links: self } };
  }
  const addressId = byId ?? addressIdFor(postcode ?? '', houseNumber ?? '');
  const found = variant === 'empty' || !addressId ? null : wozObject(addressId);
  return { status: 200, contentType: 'application/hal+json', body: { _embedded: { wozobjecten: found ? [found] : [] }, _links: self } };
};
