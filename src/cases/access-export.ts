import { formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { CitizenCases } from './citizen-cases.ts';

/** The cases module's part of the access export (R20): every case with every status, as the organisation reported it. */
export async function casesExport(citizenCases: CitizenCases, input: ExportInput): Promise<ExportSection | null> {
  const { t, language } = input;
  const cases = await citizenCases.listWithTimelines(input.citizenId);
  const data = cases.map((item) => ({
    id: item.caseId,
    organisation: item.organisationName,
    reference: item.reference,
    caseType: item.caseType,
    title: item.title,
    dossierUrl: item.dossierUrl,
    openedOn: item.openedOn,
    expectedEndOn: item.expectedEndOn,
    nextStep: item.nextStep,
    closed: item.closed,
    statuses: item.timeline.map((status) => ({ sequence: status.sequence, code: status.code, label: status.label, occurredAt: status.occurredAt.toISOString(), final: status.final })),
  }));
  return {
    id: 'cases',
    title: t('export.cases.title'),
    data,
    entries: cases.map((item) => ({
      title: item.title,
      fields: [
        [t('export.cases.organisation'), item.organisationName],
        [t('export.cases.reference'), item.reference],
        [t('export.cases.type'), item.caseType],
        ...item.timeline.map((status) => [formatDateTime(status.occurredAt, language), status.label] as [string, string]),
      ],
    })),
  };
}
