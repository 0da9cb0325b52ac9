import type { ZgwSource } from '../../config.ts';
import { isValidBsn } from '../../identity/index.ts';
import { isValidReference, type CaseInput, type StatusInput } from '../case-input.ts';
import type { ZgwClient } from './zgw-client.ts';
import type { Rol, Status, StatusType, Zaak, ZaakType } from './zgw-types.ts';

export type ZaakMapping =
  | { kind: 'case'; reference: string; zaakUuid: string; input: CaseInput; statuses: StatusInput[] }
  | { kind: 'skip'; zaakUuid: string; reason: 'no-bsn-role' };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const query = (base: string, params: Record<string, string>) => `${base}?${new URLSearchParams(params).toString()}`;

function dossierUrl(source: ZgwSource, zaak: Zaak): string {
  return source.dossierUrlTemplate.replace('{identificatie}', encodeURIComponent(zaak.identificatie ?? zaak.uuid)).replace('{uuid}', encodeURIComponent(zaak.uuid));
}

// The citizen is a natural person's role with a BSN; the initiator (aanvrager) is preferred.
function citizenBsn(rollen: Rol[]): string | null {
  const people = rollen.filter((rol) => rol.betrokkeneType === 'natuurlijk_persoon' && isValidBsn(rol.betrokkeneIdentificatie?.inpBsn ?? ''));
  const chosen = people.find((rol) => rol.omschrijvingGeneriek === 'initiator') ?? people[0];
  return chosen?.betrokkeneIdentificatie?.inpBsn ?? null;
}

/**
 * Reads a zaak with its zaaktype, statussen, statustypen and rollen, and maps it onto a case for
 * the citizen in its BSN role. Statuses are ordered by datumStatusGezet and numbered in that
 * order; a status after an end status reopens the case. The expected next step is the next
 * statustype by volgnummer. A zaak without a BSN role maps to a skip, with the reason.
 */
export async function mapZaak(client: ZgwClient, zaakUrl: string): Promise<ZaakMapping> {
  const { source } = client;
  const zaak = await client.get<Zaak>(zaakUrl, 'zaken');
  const rollen = await client.list<Rol>(query(`${source.zakenUrl}/rollen`, { zaak: zaak.url, betrokkeneType: 'natuurlijk_persoon' }), 'zaken');
  const bsn = citizenBsn(rollen);
  if (!bsn) return { kind: 'skip', zaakUuid: zaak.uuid, reason: 'no-bsn-role' };

  const [zaaktype, statussen, statustypen] = await Promise.all([
    client.get<ZaakType>(zaak.zaaktype, 'catalogi'),
    client.list<Status>(query(`${source.zakenUrl}/statussen`, { zaak: zaak.url }), 'zaken'),
    client.list<StatusType>(query(`${source.catalogiUrl}/statustypen`, { zaaktype: zaak.zaaktype }), 'catalogi'),
  ]);
  const types = new Map(statustypen.map((type) => [type.url, type]));
  for (const status of statussen) {
    if (!types.has(status.statustype)) types.set(status.statustype, await client.get<StatusType>(status.statustype, 'catalogi'));
  }
  const ordered = [...statussen].sort((a, b) => Date.parse(a.datumStatusGezet) - Date.parse(b.datumStatusGezet) || a.url.localeCompare(b.url));
  const statuses: StatusInput[] = [];
  let previousFinal = false;
  for (const [index, status] of ordered.entries()) {
    const type = types.get(status.statustype);
    if (!type) continue;
    statuses.push({
      sequence: index + 1,
      code: `statustype-${type.volgnummer}`,
      label: clip(type.omschrijving, 200),
      occurredAt: new Date(status.datumStatusGezet).toISOString(),
      final: type.isEindstatus,
      ...(previousFinal ? { reopens: true } : {}),
    });
    previousFinal = type.isEindstatus;
  }
  const currentType = ordered.length > 0 ? types.get(ordered[ordered.length - 1]?.statustype ?? '') : undefined;
  const next = [...types.values()].filter((type) => type.volgnummer > (currentType?.volgnummer ?? 0)).sort((a, b) => a.volgnummer - b.volgnummer)[0];
  const closed = currentType?.isEindstatus ?? false;
  const input: CaseInput = {
    recipient: { bsn },
    caseType: clip(zaaktype.omschrijving, 200),
    title: clip(zaak.omschrijving || zaaktype.omschrijving, 200),
    dossierUrl: dossierUrl(source, zaak),
    openedOn: zaak.startdatum,
    expectedEndOn: closed ? null : (zaak.einddatumGepland ?? zaak.uiterlijkeEinddatumAfdoening ?? null),
    nextStep: !closed && next ? clip(next.omschrijving, 300) : null,
  };
  const reference = zaak.identificatie && isValidReference(zaak.identificatie) ? zaak.identificatie : zaak.uuid;
  return { kind: 'case', reference, zaakUuid: zaak.uuid, input, statuses };
}
