import { formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { ExternalMailboxes } from './external-mailboxes.ts';

/** The external mailboxes' part of the access export (R20): the consents given; their messages stay at the store. */
export async function externalMailboxesExport(mailboxes: ExternalMailboxes, input: ExportInput): Promise<ExportSection | null> {
  const consents = (await mailboxes.consents(input.citizenId)).filter((store) => store.grantedAt !== null);
  const { t, language } = input;
  return {
    id: 'externalMailboxConsents',
    title: t('nav.externalMailboxes'),
    data: consents.map((store) => ({ store: store.name, grantedAt: store.grantedAt?.toISOString() ?? null })),
    entries: consents.map((store) => ({ title: store.name, fields: [[t('export.externalMailboxes.grantedAt'), store.grantedAt ? formatDateTime(store.grantedAt, language) : '—']] })),
  };
}
