import type { ZgwTestServer } from './test-server.ts';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number, now: Date) => new Date(now.getTime() - days * DAY);
const date = (value: Date) => value.toISOString().slice(0, 10);

/**
 * Demo zaken in the ZGW test server for the demo citizens: one in progress, one closed, and one
 * for a company (no BSN role) that the portal skips. Fixed uuids keep restarts idempotent.
 */
export function addDemoZaken(server: ZgwTestServer, now: Date): string[] {
  const kap = server.data.addZaaktype({
    uuid: '0d0e7a11-0000-4000-8000-000000000001',
    identificatie: 'KAPVERGUNNING',
    omschrijving: 'Kapvergunning',
    statustypen: ['Aanvraag ontvangen', 'In behandeling', 'Besluit genomen'],
  });
  const evenement = server.data.addZaaktype({
    uuid: '0d0e7a11-0000-4000-8000-000000000002',
    identificatie: 'EVENEMENTENVERGUNNING',
    omschrijving: 'Evenementenvergunning',
    statustypen: ['Aanvraag ontvangen', 'Advies gevraagd', 'Besluit genomen'],
  });
  const zaken = [
    { uuid: '2a0e7a11-0000-4000-8000-000000000001', zaaktype: kap, number: '0000101', omschrijving: 'Aanvraag kapvergunning iep binnentuin', bsn: '999990007', statuses: [20, 12] },
    { uuid: '2a0e7a11-0000-4000-8000-000000000002', zaaktype: evenement, number: '0000102', omschrijving: 'Aanvraag evenementenvergunning buurtfeest Prinsengracht', bsn: '999990007', statuses: [60, 45, 30] },
    { uuid: '2a0e7a11-0000-4000-8000-000000000003', zaaktype: kap, number: '0000103', omschrijving: 'Aanvraag kapvergunning bedrijfsterrein', bsn: null, statuses: [5] },
  ];
  for (const zaak of zaken) {
    const started = daysAgo(zaak.statuses[0] ?? 0, now);
    // The identificatie carries the year the zaak started, as municipalities number them.
    const identificatie = `ZAAK-${started.getUTCFullYear()}-${zaak.number}`;
    const record = server.data.createZaak({ uuid: zaak.uuid, zaaktype: zaak.zaaktype.url, identificatie, omschrijving: zaak.omschrijving, startdatum: date(started), einddatumGepland: date(new Date(started.getTime() + 56 * DAY)) });
    if (zaak.bsn) server.data.addRol({ zaak: record.uuid, bsn: zaak.bsn });
    else server.data.addRol({ zaak: record.uuid, betrokkeneType: 'niet_natuurlijk_persoon' });
    zaak.statuses.forEach((days, index) => {
      const statustype = zaak.zaaktype.statustypen[index];
      if (statustype) server.data.addStatus({ zaak: record.uuid, statustype, datumStatusGezet: daysAgo(days, now).toISOString() });
    });
  }
  return zaken.map((zaak) => zaak.uuid);
}
