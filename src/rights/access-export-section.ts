import { formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { RightsRequests } from './requests.ts';

/** The rights module's own part of the access export: every request the citizen made, with its status (R21). */
export async function rightsExport(requests: RightsRequests, input: ExportInput): Promise<ExportSection | null> {
  const { t, language } = input;
  const items = await requests.list(input.citizenId);
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  return {
    id: 'rightsRequests',
    title: t('export.rights.title'),
    data: items.map((item) => ({
      id: item.id,
      right: item.right,
      dataKind: item.dataKind,
      authority: item.authorityName,
      explanation: item.explanation,
      status: item.status,
      reason: item.reason,
      extensionReason: item.extensionReason,
      receivedAt: iso(item.receivedAt),
      forwardedAt: iso(item.forwardedAt),
      decidedAt: iso(item.decidedAt),
      deadline: iso(item.deadline),
    })),
    entries: items.map((item) => ({
      title: `${t(`rights.right.${item.right}`)}: ${t(`rights.kind.${item.dataKind}`)}`,
      fields: [
        [t('rights.request.authority'), item.authorityName ?? t(`rights.responsible.${item.dataKind}`)],
        [t('rights.request.explanation'), item.explanation],
        [t('rights.requests.received'), formatDateTime(item.receivedAt, language)],
        [t('rights.requests.status'), t(`rights.status.${item.status}`)],
        [t('rights.requests.deadline'), formatDateTime(item.deadline, language)],
        ...(item.reason ? [[t('rights.request.reason'), item.reason] as [string, string]] : []),
      ],
    })),
  };
}
