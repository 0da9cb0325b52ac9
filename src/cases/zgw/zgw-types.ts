/** The parts of the ZGW resources (Zaken API 1.5, Catalogi API) the portal reads. */
export interface Zaak {
  url: string;
  uuid: string;
  identificatie?: string;
  omschrijving?: string;
  zaaktype: string;
  startdatum: string;
  einddatum: string | null;
  einddatumGepland?: string | null;
  uiterlijkeEinddatumAfdoening?: string | null;
  status: string | null;
}

export interface ZaakType {
  url: string;
  omschrijving: string;
}

export interface StatusType {
  url: string;
  omschrijving: string;
  volgnummer: number;
  isEindstatus: boolean;
}

export interface Status {
  url: string;
  uuid: string;
  zaak: string;
  statustype: string;
  datumStatusGezet: string;
}

export interface Rol {
  betrokkeneType: string;
  omschrijvingGeneriek?: string;
  betrokkeneIdentificatie?: { inpBsn?: string } | null;
}

/** The callback body a Notificaties API subscriber receives (schema Message). */
export interface Notificatie {
  kanaal: string;
  hoofdObject: string;
  resource: string;
  resourceUrl: string;
  actie: string;
  aanmaakdatum: string;
  kenmerken?: Record<string, string>;
}
