import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { formatDateTime, formatFileSize } from '../platform/i18n.ts';
import type { ExportEntry, ExportInput, ExportSection } from '../platform/module.ts';
import { asAssuranceLevel, mayRead } from './assurance-check.ts';
import { inboxExportStore } from './export-store.ts';
import { messageContext } from './message-crypto.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The inbox's part of the access export (R20): every message the citizen can see, with its
 * attachments (contents or only a list, by choice), the message preferences they stored, and which
 * organisations delivered to them. Content above the login's level is listed without it (R7).
 */
export async function inboxExport(deps: { db: Db; keyring: Keyring; organisations: OrganisationRegistry; now: () => Date }, input: ExportInput): Promise<ExportSection | null> {
  const { db, keyring } = deps;
  const { citizenId, t, language } = input;
  const level = asAssuranceLevel(input.assurance);
  const [rows, attachmentRows, choices, organisations] = await Promise.all([
    inboxExportStore.messages(db, citizenId, deps.now()),
    inboxExportStore.attachments(db, citizenId, input.includeAttachments),
    inboxExportStore.choices(db, citizenId),
    deps.organisations.list(),
  ]);
  const nameOf = (organisationId: string) => organisations.find((o) => o.organisationId === organisationId)?.name ?? '—';
  const oinOf = (organisationId: string) => organisations.find((o) => o.organisationId === organisationId)?.oin ?? null;

  const messages = rows.map((row) => {
    const context = messageContext(citizenId, row.message_id);
    const readable = mayRead(level, row.required_assurance);
    const attachments = attachmentRows
      .filter((a) => a.message_id === row.message_id)
      .map((a) => ({
        position: a.position,
        filename: readable ? keyring.decryptText(a.filename_encrypted, `${context}:attachment:${a.position}:filename`) : null,
        contentType: a.content_type,
        size: a.size,
        ...(input.includeAttachments && readable && a.content_encrypted ? { contentBase64: keyring.decrypt(a.content_encrypted, `${context}:attachment:${a.position}`).toString('base64') } : {}),
      }));
    return {
      id: row.message_id,
      sender: nameOf(row.organisation_id),
      reference: row.reference,
      // Withheld, not left out: the citizen learns it exists and which level opens it.
      contentIncluded: readable,
      requiredAssurance: row.required_assurance,
      subject: readable ? keyring.decryptText(row.subject_encrypted, `${context}:subject`) : null,
      body: readable ? keyring.decryptText(row.body_encrypted, `${context}:body`) : null,
      legalConsequence: row.legal_consequence,
      receivedAt: iso(row.visible_from),
      deliveredAt: iso(row.delivered_at),
      dueAt: iso(row.due_at),
      retainUntil: iso(row.retain_until),
      readAt: iso(row.read_at),
      folder: row.folder,
      attachments,
    };
  });
  const preferences = choices.map((choice) => ({ organisation: nameOf(choice.organisation_id), allowed: choice.allowed, changedAt: iso(choice.changed_at) }));
  const senderIds = [...new Set(rows.map((row) => row.organisation_id))];
  const deliveredBy = senderIds.map((id) => ({ name: nameOf(id), oin: oinOf(id), messages: rows.filter((row) => row.organisation_id === id).length }));

  const when = (value: string | null) => (value ? formatDateTime(new Date(value), language) : '—');
  const entries: ExportEntry[] = [
    ...messages.map((message) => ({
      title: message.subject ?? t('export.messages.withheld', { level: t(`level.${message.requiredAssurance}`) }),
      fields: [
        [t('export.messages.sender'), message.sender],
        [t('export.messages.receivedAt'), when(message.receivedAt)],
        [t('export.messages.readAt'), when(message.readAt)],
        ...(message.body !== null ? [[t('export.messages.body'), message.body] as [string, string]] : []),
        ...message.attachments.map((a) => [t('export.messages.attachment'), `${a.filename ?? '—'} (${formatFileSize(a.size, language)})`] as [string, string]),
      ] as [string, string][],
    })),
    ...preferences.map((p) => ({ title: t('export.messages.preference', { organisation: p.organisation }), fields: [[t('export.messages.allowed'), t(p.allowed ? 'export.yes' : 'export.no')]] as [string, string][] })),
    { title: t('export.messages.deliveredBy'), fields: deliveredBy.map((d) => [d.name, String(d.messages)] as [string, string]) },
  ];
  return { id: 'messages', title: t('export.messages.title'), data: { messages, preferences, deliveredBy }, entries };
}
