import type { Static } from '@sinclair/typebox';
import type { ProviderClient } from '../provider-client.ts';
import type { BrpData, RegisterDate } from '../register-data.ts';
import { BrpResponse, type BrpDatum, type BrpPersoon, type BrpVerblijfplaats } from './brp-schema.ts';
import { validated } from './validate.ts';

/** Where the citizen lives, as the WOZ register can be asked about it (no BSN needed). */
export interface HomeAddress {
  nummeraanduidingIdentificatie: string | null;
  postcode: string;
  huisnummer: number;
  huisletter: string | null;
  huisnummertoevoeging: string | null;
}

/** The fields the page needs; asking for no more than needed is the contract's data-minimisation rule. */
export const BRP_FIELDS = ['naam', 'geboorte', 'nationaliteiten', 'verblijfplaats', 'gemeenteVanInschrijving', 'partners', 'kinderen'];

/**
 * Asks the BRP (Haal Centraal "BRP Personen bevragen": POST /personen, RaadpleegMetBurgerservicenummer)
 * about one person. The BSN travels only in the request body. Resolves with null data when the
 * register knows nobody by that number; rejects with SourceError when the answer is not usable.
 */
export async function fetchBrp(input: { client: ProviderClient; bsn: string; signal: AbortSignal }): Promise<{ data: BrpData | null; home: HomeAddress | null }> {
  const answer = await input.client.requestJson({
    method: 'POST',
    path: 'personen',
    accept: 'application/json',
    body: { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [input.bsn], fields: BRP_FIELDS },
    signal: input.signal,
  });
  const persoon = validated(BrpResponse, answer).personen?.[0];
  if (!persoon) return { data: null, home: null };
  return { data: toBrpData(persoon), home: homeAddressOf(persoon.verblijfplaats) };
}

type Naam = NonNullable<Static<typeof BrpPersoon>['naam']>;

function nameOf(naam: Naam | undefined): string {
  if (!naam) return '';
  return naam.volledigeNaam ?? [naam.voornamen, naam.voorvoegsel, naam.geslachtsnaam].filter(Boolean).join(' ');
}

function dateOf(datum: Static<typeof BrpDatum> | undefined): RegisterDate | null {
  if (!datum) return null;
  return { iso: datum.type === 'Datum' ? datum.datum : null, text: datum.langFormaat };
}

function formatPostcode(postcode: string | undefined): string {
  const compact = (postcode ?? '').replace(/\s/g, '').toUpperCase();
  return /^\d{4}[A-Z]{2}$/.test(compact) ? `${compact.slice(0, 4)} ${compact.slice(4)}` : compact;
}

function addressLines(place: Static<typeof BrpVerblijfplaats> | undefined): string[] {
  const adres = place?.verblijfadres;
  if (!place || !adres) return [];
  if (place.type === 'Adres') {
    const number = `${adres.huisnummer ?? ''}${adres.huisletter ?? ''}${adres.huisnummertoevoeging ? `-${adres.huisnummertoevoeging}` : ''}`;
    const street = adres.officieleStraatnaam ?? adres.korteStraatnaam ?? '';
    return [`${street} ${number}`.trim(), `${formatPostcode(adres.postcode)} ${adres.woonplaats ?? ''}`.trim()].filter(Boolean);
  }
  if (place.type === 'VerblijfplaatsBuitenland') return [adres.regel1, adres.regel2, adres.regel3, adres.land?.omschrijving].filter((line): line is string => Boolean(line));
  return adres.locatiebeschrijving ? [adres.locatiebeschrijving] : [];
}

function homeAddressOf(place: Static<typeof BrpVerblijfplaats> | undefined): HomeAddress | null {
  const adres = place?.verblijfadres;
  if (place?.type !== 'Adres' || !adres?.postcode || !adres.huisnummer) return null;
  return {
    nummeraanduidingIdentificatie: place.nummeraanduidingIdentificatie ?? null,
    postcode: adres.postcode.replace(/\s/g, '').toUpperCase(),
    huisnummer: adres.huisnummer,
    huisletter: adres.huisletter ?? null,
    huisnummertoevoeging: adres.huisnummertoevoeging ?? null,
  };
}

function toBrpData(persoon: Static<typeof BrpPersoon>): BrpData {
  const lines = addressLines(persoon.verblijfplaats);
  return {
    name: nameOf(persoon.naam),
    birthDate: dateOf(persoon.geboorte?.datum),
    birthPlace: persoon.geboorte?.plaats?.omschrijving ?? null,
    nationalities: (persoon.nationaliteiten ?? []).map((entry) => entry.nationaliteit?.omschrijving ?? entry.type),
    address: lines.length > 0 ? { lines, municipality: persoon.gemeenteVanInschrijving?.omschrijving ?? null } : null,
    partners: (persoon.partners ?? []).map((partner) => ({
      name: nameOf(partner.naam),
      birthDate: dateOf(partner.geboorte?.datum),
      kind: partner.soortVerbintenis?.omschrijving ?? null,
      since: dateOf(partner.aangaanHuwelijkPartnerschap?.datum),
      ended: dateOf(partner.ontbindingHuwelijkPartnerschap?.datum),
    })),
    children: (persoon.kinderen ?? []).map((kind) => ({ name: nameOf(kind.naam), birthDate: dateOf(kind.geboorte?.datum) })),
  };
}
