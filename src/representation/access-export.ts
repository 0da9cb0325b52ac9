import { formatDate, formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { RepresentationData } from './index.ts';

/**
 * Representation's part of the access export (R20): mandates given and received, and every action
 * taken under a mandate, for the citizen and by the citizen for others (the two ledger views).
 */
export function representationExport(data: RepresentationData, input: ExportInput): ExportSection | null {
  const { t, language } = input;
  if (data.given.length + data.received.length + data.doneForMe.length + data.doneByMe.length === 0) return null;
  const mandate = (view: RepresentationData['given'][number], title: string) => ({
    title,
    fields: [
      [t('export.representation.status'), view.status],
      [t('export.representation.services'), view.services.join(', ')],
      [t('export.representation.validFrom'), formatDate(view.validFrom, language)],
      [t('export.representation.validUntil'), view.validUntil ? formatDate(view.validUntil, language) : '—'],
      ...(view.legalBasis ? [[t('export.representation.legalBasis'), view.legalBasis] as [string, string]] : []),
    ] as [string, string][],
  });
  const action = (row: RepresentationData['doneForMe'][number], title: string) => ({
    title,
    fields: [
      [t('export.representation.when'), formatDateTime(new Date(row.start_time), language)],
      [t('export.representation.action'), row.operation_name],
      [t('export.representation.service'), row.mandate_service ?? '—'],
    ] as [string, string][],
  });
  return {
    id: 'representation',
    title: t('export.representation.title'),
    data: {
      // Without the acceptance code: it is a one-time secret, not data about the citizen.
      mandatesGiven: data.given.map((view) => ({ ...view, code: null })),
      mandatesReceived: data.received.map((view) => ({ ...view, code: null })),
      actionsForMe: data.doneForMe,
      actionsByMeForOthers: data.doneByMe,
    },
    entries: [
      ...data.given.map((view) => mandate(view, t('export.representation.given', { name: view.representativeName ?? '—' }))),
      ...data.received.map((view) => mandate(view, t('export.representation.received', { name: view.grantorName }))),
      ...data.doneForMe.map((row) => action(row, t('export.representation.doneForMe'))),
      ...data.doneByMe.map((row) => action(row, t('export.representation.doneByMe'))),
    ],
  };
}
