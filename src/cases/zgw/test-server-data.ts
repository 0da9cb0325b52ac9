import { createHash, randomUUID } from 'node:crypto';

/** In-memory ZGW registrations for the test server; `base` is the server's origin. */
interface ZaakTypeRecord {
  uuid: string;
  identificatie: string;
  omschrijving: string;
  doorlooptijd: string;
}
interface StatusTypeRecord {
  uuid: string;
  zaaktype: string;
  omschrijving: string;
  volgnummer: number;
  statustekst: string;
}
export interface ZaakRecord {
  uuid: string;
  identificatie: string;
  omschrijving: string;
  zaaktype: string;
  bronorganisatie: string;
  startdatum: string;
  registratiedatum: string;
  einddatumGepland: string | null;
  uiterlijkeEinddatumAfdoening: string | null;
  laatstGemuteerd: string;
}
interface StatusRecord {
  uuid: string;
  zaak: string;
  statustype: string;
  datumStatusGezet: string;
  statustoelichting: string;
}
interface RolRecord {
  uuid: string;
  zaak: string;
  betrokkeneType: 'natuurlijk_persoon' | 'niet_natuurlijk_persoon' | 'medewerker';
  omschrijvingGeneriek: string;
  identificatie: Record<string, string>;
  registratiedatum: string;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
// A stable uuid (version 4 layout) from a name, so demo data keeps its URLs across restarts.
const derivedUuid = (name: string) => {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The resources of one Open Zaak–like installation and their JSON as the Zaken and Catalogi
 * API specs describe it (every required field present, read-only fields derived).
 */
export class ZgwTestData {
  readonly zaaktypen = new Map<string, ZaakTypeRecord>();
  readonly statustypen = new Map<string, StatusTypeRecord>();
  readonly zaken = new Map<string, ZaakRecord>();
  readonly statussen = new Map<string, StatusRecord>();
  readonly rollen = new Map<string, RolRecord>();

  constructor(readonly base: string) {}

  get zakenUrl(): string {
    return `${this.base}/zaken/api/v1`;
  }
  get catalogiUrl(): string {
    return `${this.base}/catalogi/api/v1`;
  }
  get catalogusUrl(): string {
    return `${this.catalogiUrl}/catalogussen/00000000-0000-4000-8000-00000000ca7a`;
  }

  addZaaktype(input: { omschrijving: string; identificatie: string; statustypen: string[]; uuid?: string }): { url: string; statustypen: string[] } {
    const uuid = input.uuid ?? randomUUID();
    this.zaaktypen.set(uuid, { uuid, identificatie: input.identificatie, omschrijving: input.omschrijving, doorlooptijd: 'P8W' });
    const statustypen = input.statustypen.map((omschrijving, index) => {
      const id = derivedUuid(`${uuid}:statustype:${index + 1}`);
      this.statustypen.set(id, { uuid: id, zaaktype: uuid, omschrijving, volgnummer: index + 1, statustekst: omschrijving });
      return `${this.catalogiUrl}/statustypen/${id}`;
    });
    return { url: `${this.catalogiUrl}/zaaktypen/${uuid}`, statustypen };
  }

  zaaktypeJson(uuid: string) {
    const type = this.zaaktypen.get(uuid);
    if (!type) return null;
    const statustypen = [...this.statustypen.values()].filter((s) => s.zaaktype === uuid).map((s) => `${this.catalogiUrl}/statustypen/${s.uuid}`);
    return {
      url: `${this.catalogiUrl}/zaaktypen/${uuid}`,
      identificatie: type.identificatie,
      omschrijving: type.omschrijving,
      omschrijvingGeneriek: '',
      vertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
      doel: type.omschrijving,
      aanleiding: 'Aanvraag van een inwoner',
      toelichting: '',
      indicatieInternOfExtern: 'extern',
      handelingInitiator: 'aanvragen',
      onderwerp: type.omschrijving.slice(0, 80),
      handelingBehandelaar: 'behandelen',
      doorlooptijd: type.doorlooptijd,
      servicenorm: null,
      opschortingEnAanhoudingMogelijk: false,
      verlengingMogelijk: false,
      verlengingstermijn: null,
      trefwoorden: [],
      publicatieIndicatie: false,
      publicatietekst: '',
      verantwoordingsrelatie: [],
      productenOfDiensten: [],
      referentieproces: { naam: type.omschrijving.slice(0, 80) },
      concept: false,
      verantwoordelijke: 'Burgerzaken',
      beginGeldigheid: '2024-01-01',
      eindeGeldigheid: null,
      versiedatum: '2024-01-01',
      beginObject: '2024-01-01',
      eindeObject: '2099-12-31',
      catalogus: this.catalogusUrl,
      statustypen,
      resultaattypen: [],
      eigenschappen: [],
      informatieobjecttypen: [],
      roltypen: [],
      besluittypen: [],
      deelzaaktypen: [],
      gerelateerdeZaaktypen: [],
      zaakobjecttypen: [],
    };
  }

  statustypeJson(uuid: string) {
    const type = this.statustypen.get(uuid);
    if (!type) return null;
    const siblings = [...this.statustypen.values()].filter((s) => s.zaaktype === type.zaaktype);
    const zaaktype = this.zaaktypen.get(type.zaaktype);
    return {
      url: `${this.catalogiUrl}/statustypen/${uuid}`,
      omschrijving: type.omschrijving,
      omschrijvingGeneriek: '',
      statustekst: type.statustekst,
      zaaktype: `${this.catalogiUrl}/zaaktypen/${type.zaaktype}`,
      zaaktypeIdentificatie: zaaktype?.identificatie ?? '',
      volgnummer: type.volgnummer,
      // Read-only in the spec: the statustype with the highest volgnummer ends the zaak.
      isEindstatus: type.volgnummer === Math.max(...siblings.map((s) => s.volgnummer)),
      informeren: true,
      doorlooptijd: null,
      toelichting: null,
      checklistitemStatustype: [],
      catalogus: this.catalogusUrl,
      eigenschappen: [],
      zaakobjecttypen: [],
      beginGeldigheid: null,
      eindeGeldigheid: null,
      beginObject: '2024-01-01',
      eindeObject: '2099-12-31',
    };
  }

  createZaak(input: { zaaktype: string; identificatie: string; omschrijving: string; startdatum: string; einddatumGepland?: string | null; bronorganisatie?: string; uuid?: string }): ZaakRecord {
    const uuid = input.uuid ?? randomUUID();
    const now = new Date();
    const record: ZaakRecord = {
      uuid,
      identificatie: input.identificatie,
      omschrijving: input.omschrijving,
      zaaktype: input.zaaktype.split('/').pop() ?? '',
      bronorganisatie: input.bronorganisatie ?? '002220647',
      startdatum: input.startdatum,
      registratiedatum: isoDate(now),
      einddatumGepland: input.einddatumGepland ?? null,
      uiterlijkeEinddatumAfdoening: null,
      laatstGemuteerd: now.toISOString(),
    };
    this.zaken.set(uuid, record);
    return record;
  }

  addRol(input: { zaak: string; bsn?: string; betrokkeneType?: RolRecord['betrokkeneType']; omschrijvingGeneriek?: string }): RolRecord {
    const rol: RolRecord = {
      uuid: randomUUID(),
      zaak: input.zaak.split('/').pop() ?? '',
      betrokkeneType: input.betrokkeneType ?? 'natuurlijk_persoon',
      omschrijvingGeneriek: input.omschrijvingGeneriek ?? 'initiator',
      identificatie: input.bsn ? { inpBsn: input.bsn } : { identificatie: 'medewerker-1' },
      registratiedatum: new Date().toISOString(),
    };
    this.rollen.set(rol.uuid, rol);
    return rol;
  }

  addStatus(input: { zaak: string; statustype: string; datumStatusGezet: string; statustoelichting?: string }): StatusRecord {
    const status: StatusRecord = {
      uuid: randomUUID(),
      zaak: input.zaak.split('/').pop() ?? '',
      statustype: input.statustype.split('/').pop() ?? '',
      datumStatusGezet: new Date(input.datumStatusGezet).toISOString(),
      statustoelichting: input.statustoelichting ?? '',
    };
    this.statussen.set(status.uuid, status);
    const zaak = this.zaken.get(status.zaak);
    if (zaak) zaak.laatstGemuteerd = new Date().toISOString();
    return status;
  }

  private statussenOf(zaakUuid: string): StatusRecord[] {
    return [...this.statussen.values()].filter((s) => s.zaak === zaakUuid).sort((a, b) => a.datumStatusGezet.localeCompare(b.datumStatusGezet));
  }

  statusJson(uuid: string) {
    const status = this.statussen.get(uuid);
    if (!status) return null;
    const latest = this.statussenOf(status.zaak).at(-1);
    return {
      url: `${this.zakenUrl}/statussen/${uuid}`,
      uuid,
      zaak: `${this.zakenUrl}/zaken/${status.zaak}`,
      statustype: `${this.catalogiUrl}/statustypen/${status.statustype}`,
      datumStatusGezet: status.datumStatusGezet,
      statustoelichting: status.statustoelichting,
      indicatieLaatstGezetteStatus: latest?.uuid === uuid,
      gezetdoor: null,
      zaakinformatieobjecten: [],
    };
  }

  rolJson(uuid: string) {
    const rol = this.rollen.get(uuid);
    if (!rol) return null;
    return {
      url: `${this.zakenUrl}/rollen/${uuid}`,
      uuid,
      zaak: `${this.zakenUrl}/zaken/${rol.zaak}`,
      betrokkeneType: rol.betrokkeneType,
      afwijkendeNaamBetrokkene: '',
      roltype: `${this.catalogiUrl}/roltypen/${derivedUuid(`${rol.zaak}:roltype:${rol.omschrijvingGeneriek}`)}`,
      omschrijving: rol.omschrijvingGeneriek === 'initiator' ? 'Aanvrager' : 'Behandelaar',
      omschrijvingGeneriek: rol.omschrijvingGeneriek,
      roltoelichting: '',
      registratiedatum: rol.registratiedatum,
      indicatieMachtiging: '',
      contactpersoonRol: null,
      statussen: [],
      betrokkeneIdentificatie: rol.identificatie,
      ...(rol.betrokkeneType === 'natuurlijk_persoon' ? { authenticatieContext: null } : {}),
    };
  }

  zaakJson(uuid: string) {
    const zaak = this.zaken.get(uuid);
    if (!zaak) return null;
    const statussen = this.statussenOf(uuid);
    const latest = statussen.at(-1);
    const ended = latest ? this.statustypeJson(latest.statustype)?.isEindstatus === true : false;
    return {
      url: `${this.zakenUrl}/zaken/${uuid}`,
      uuid,
      identificatie: zaak.identificatie,
      bronorganisatie: zaak.bronorganisatie,
      omschrijving: zaak.omschrijving,
      toelichting: '',
      zaaktype: `${this.catalogiUrl}/zaaktypen/${zaak.zaaktype}`,
      registratiedatum: zaak.registratiedatum,
      verantwoordelijkeOrganisatie: zaak.bronorganisatie,
      startdatum: zaak.startdatum,
      einddatum: ended && latest ? latest.datumStatusGezet.slice(0, 10) : null,
      einddatumGepland: zaak.einddatumGepland,
      uiterlijkeEinddatumAfdoening: zaak.uiterlijkeEinddatumAfdoening,
      publicatiedatum: null,
      laatstGemuteerd: zaak.laatstGemuteerd,
      laatstGeopend: null,
      communicatiekanaalNaam: '',
      productenOfDiensten: [],
      vertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
      betalingsindicatie: '',
      betalingsindicatieWeergave: '',
      laatsteBetaaldatum: null,
      zaakgeometrie: null,
      verlenging: null,
      opschorting: null,
      hoofdzaak: null,
      deelzaken: [],
      relevanteAndereZaken: [],
      gerelateerdeZaken: [],
      eigenschappen: [],
      rollen: [...this.rollen.values()].filter((r) => r.zaak === uuid).map((r) => `${this.zakenUrl}/rollen/${r.uuid}`),
      status: latest ? `${this.zakenUrl}/statussen/${latest.uuid}` : null,
      zaakinformatieobjecten: [],
      zaakobjecten: [],
      kenmerken: [],
      archiefnominatie: null,
      archiefstatus: 'nog_te_archiveren',
      archiefactiedatum: null,
      resultaat: null,
      processobjectaard: '',
      startdatumBewaartermijn: null,
      processobject: null,
    };
  }
}
