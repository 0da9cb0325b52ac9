import type { Static } from '@sinclair/typebox';
import { BrpResponse, type BrpDatum, type BrpPersoon } from './adapters/brp-schema.ts';
import { validated } from './adapters/validate.ts';
import type { RegisterBreakers } from './circuit-breakers.ts';
import { SourceError, type ProviderClient } from './provider-client.ts';

/** What the population register (BRP) says about a person, as far as an account needs it. */
export interface RegisteredPerson {
  bsn: string;
  /** The name as it is shown to the person, e.g. "Johanna de Vries". */
  name: string;
  /**
   * ISO date, YYYY-MM-DD. When the register knows only the year (or year and month), the latest
   * day it can be, so an age is never overstated; null when the birth date is unknown.
   */
  birthDate: string | null;
  deceased: boolean;
}

/** The register could not answer (timeout, error, open breaker): not the same as "unknown". */
export class PopulationRegisterUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`population register unavailable: ${reason}`);
  }
}

/** A population register the portal asks about BSNs. Rejects with PopulationRegisterUnavailable. */
export interface PopulationLookup {
  findByBsn(bsn: string): Promise<RegisteredPerson | null>;
  /** Many at once; BSNs the register does not know are absent from the map. */
  findByBsns(bsns: string[]): Promise<Map<string, RegisteredPerson>>;
}

/** The most BSNs one RaadpleegMetBurgerservicenummer query may carry (the contract's maxItems). */
const BSNS_PER_QUERY = 20;
const FIELDS = ['burgerservicenummer', 'naam', 'geboorte', 'overlijden'];

/**
 * The population register over Haal Centraal BRP Personen bevragen, through the same client,
 * mutual TLS and circuit breaker that Persoonlijke Gegevens uses. BSNs travel only in the body.
 */
export function createBrpPopulationLookup(deps: { client: ProviderClient; breakers: RegisterBreakers }): PopulationLookup {
  async function query(bsns: string[]): Promise<RegisteredPerson[]> {
    const signal = AbortSignal.timeout(deps.client.settings.timeoutMs);
    try {
      const answer = await deps.breakers.run('brp', () =>
        deps.client.requestJson({
          method: 'POST',
          path: 'personen',
          accept: 'application/json',
          body: { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: bsns, fields: FIELDS },
          signal,
        }),
      );
      const personen = validated(BrpResponse, answer).personen ?? [];
      // A single-BSN answer may omit the number; a multi-BSN answer must carry it to be matched.
      return personen.flatMap((persoon) => {
        const bsn = persoon.burgerservicenummer ?? (bsns.length === 1 ? bsns[0] : undefined);
        return bsn && bsns.includes(bsn) ? [toRegisteredPerson(bsn, persoon)] : [];
      });
    } catch (error) {
      throw new PopulationRegisterUnavailable(error instanceof SourceError ? error.message : 'network');
    }
  }

  return {
    async findByBsn(bsn) {
      return (await query([bsn]))[0] ?? null;
    },
    async findByBsns(bsns) {
      const unique = [...new Set(bsns)];
      const chunks: string[][] = [];
      for (let start = 0; start < unique.length; start += BSNS_PER_QUERY) chunks.push(unique.slice(start, start + BSNS_PER_QUERY));
      const found = (await Promise.all(chunks.map(query))).flat();
      return new Map(found.map((person) => [person.bsn, person]));
    },
  };
}

function toRegisteredPerson(bsn: string, persoon: Static<typeof BrpPersoon>): RegisteredPerson {
  const naam = persoon.naam;
  const name = naam ? (naam.volledigeNaam ?? [naam.voornamen, naam.voorvoegsel, naam.geslachtsnaam].filter(Boolean).join(' ')) : '';
  const deceased = persoon.overlijden?.datum !== undefined || persoon.opschortingBijhouding?.reden?.code === 'O';
  return { bsn, name, birthDate: latestDayOf(persoon.geboorte?.datum), deceased };
}

/** The last day a (possibly partial) BRP date can be; null when nothing is known. */
export function latestDayOf(datum: Static<typeof BrpDatum> | undefined): string | null {
  if (!datum) return null;
  if (datum.type === 'Datum') return datum.datum;
  if (datum.type === 'JaarMaandDatum' && datum.jaar && datum.maand) {
    const lastDay = new Date(Date.UTC(datum.jaar, datum.maand, 0)).getUTCDate();
    return `${String(datum.jaar).padStart(4, '0')}-${String(datum.maand).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
  }
  if ((datum.type === 'JaarDatum' || datum.type === 'JaarMaandDatum') && datum.jaar) return `${String(datum.jaar).padStart(4, '0')}-12-31`;
  return null;
}
