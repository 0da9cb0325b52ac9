import { formatDate, formatDateTime } from '../platform/i18n.ts';
import type { ExportEntry, ExportInput, ExportSection } from '../platform/module.ts';
import { currentDeadline } from './complaint-clock.ts';
import type { Helpdesk } from './helpdesk-service.ts';
import { contactStatus } from './thread-view.tsx';

const iso = (value: Date | null) => value?.toISOString() ?? null;

/**
 * The helpdesk's part of the access export (R20): the citizen's own questions and complaints (sent
 * while logged in) with every message both ways, decrypted, and the reasoned lookups of their
 * account. An answer is from "the helpdesk": which staff account wrote it is not the citizen's data.
 */
export async function helpdeskExport(helpdesk: Pick<Helpdesk, 'exportOf'>, input: ExportInput): Promise<ExportSection | null> {
  const { t, language } = input;
  const held = await helpdesk.exportOf(input.citizenId);
  const contacts = held.contacts.map(({ contact, messages, details }) => ({
    number: contact.nummer,
    kind: contact.soort === 'klacht' ? 'complaint' : 'question',
    subject: contact.onderwerp,
    receivedAt: contact.receivedAt.toISOString(),
    status: contactStatus(contact, messages),
    deadline: iso(contact.deadline_at),
    deferredUntil: iso(contact.deferred_until),
    deferralReason: contact.deferral_reason,
    handledAt: iso(contact.handled_at),
    contactDetails: details ? { name: details.naam, email: details.email, phone: details.telefoon } : null,
    messages: messages.map((message) => ({ from: message.author === 'burger' ? 'you' : 'helpdesk', at: message.at.toISOString(), body: message.body })),
  }));
  const lookups = held.lookups.map((lookup) => ({ at: lookup.at.toISOString(), reason: lookup.reason }));

  const line = (label: string, value: string): [string, string] => [label, value];
  const entries: ExportEntry[] = [
    ...held.contacts.map(({ contact, messages, details }) => {
      const deadline = currentDeadline(contact);
      return {
        title: `${t('helpdesk.thread.title', { kind: t(`helpdesk.kind.${contact.soort}`), number: contact.nummer })}: ${contact.onderwerp}`,
        fields: [
          line(t('helpdesk.col.received'), formatDateTime(contact.receivedAt, language)),
          line(t('helpdesk.col.status'), t(`helpdesk.status.${contactStatus(contact, messages)}`)),
          ...(deadline ? [line(t('helpdesk.col.deadline'), formatDate(deadline, language))] : []),
          ...(contact.handled_at ? [line(t('export.helpdesk.handledAt'), formatDateTime(contact.handled_at, language))] : []),
          ...(details
            ? [line(t('export.helpdesk.name'), details.naam ?? '—'), line(t('export.helpdesk.email'), details.email ?? '—'), ...(details.telefoon ? [line(t('export.helpdesk.phone'), details.telefoon)] : [])]
            : [line(t('export.helpdesk.details'), t('export.helpdesk.erased'))]),
          ...messages.map((message) => line(`${t(message.author === 'burger' ? 'helpdesk.thread.you' : 'helpdesk.thread.staff')} · ${formatDateTime(message.at, language)}`, message.body)),
        ],
      };
    }),
    ...held.lookups.map((lookup) => ({ title: t('export.helpdesk.lookup', { at: formatDateTime(lookup.at, language) }), fields: [line(t('helpdesk.lookups.why'), lookup.reason)] })),
  ];
  return { id: 'helpdesk', title: t('export.helpdesk.title'), data: { contacts, lookups }, entries };
}
