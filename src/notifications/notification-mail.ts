import type { OutgoingMail } from '../platform/mail/mailer.ts';
import type { NotificationItem } from './source.ts';

function senders(items: NotificationItem[]): string {
  return [...new Set(items.map((item) => item.organisationName))].sort().join(', ');
}

/**
 * The notification mail: who has news and where to read it, never what it is (no subject, no
 * body, no case details), in Dutch with an English line.
 */
export function notificationMail(input: { to: string; publicUrl: string; itemsByKind: Map<string, NotificationItem[]> }): OutgoingMail {
  const messages = input.itemsByKind.get('message') ?? [];
  const cases = input.itemsByKind.get('case-status') ?? [];
  const lines: string[] = ['Beste lezer,', ''];
  if (messages.length > 0) {
    const what = messages.length === 1 ? 'een nieuw bericht' : 'nieuwe berichten';
    lines.push(`U heeft ${what} in uw Berichtenbox. Van: ${senders(messages)}.`);
  }
  if (cases.length > 0) lines.push(`Er is nieuws over uw zaken bij: ${senders(cases)}.`);
  // One consistent safety message: go to the portal yourself; no link to click in this mail.
  lines.push(
    '',
    `Wilt u het lezen? Ga naar ${input.publicUrl} en log in met DigiD. Typ het adres zelf in of gebruik uw bladwijzer.`,
    '',
    'Wij zetten in deze e-mail expres niet wat er in het bericht staat. Wij vragen u nooit per e-mail om uw DigiD-gegevens.',
    '',
    `English: there is news for you in Burgerportaal. Type ${input.publicUrl} yourself and log in with DigiD.`,
  );
  return {
    to: input.to,
    subject: messages.length === 1 ? 'U heeft een nieuw bericht in Burgerportaal' : messages.length > 1 ? 'U heeft nieuwe berichten in Burgerportaal' : 'Er is nieuws over uw zaken in Burgerportaal',
    text: lines.join('\n'),
  };
}

/**
 * The mail to a representative who asked to hear of the represented citizen's new messages (R17):
 * whose, and how to read them (log in, act for that person), never what they are nor the BSN.
 */
export function representativeMail(input: { to: string; publicUrl: string; subjectName: string; count: number }): OutgoingMail {
  const name = input.subjectName;
  const what = input.count === 1 ? 'een nieuw bericht' : 'nieuwe berichten';
  const lines = [
    'Beste lezer,',
    '',
    `Er is ${what} voor ${name} in Burgerportaal. Log in en kies 'namens ${name}'.`,
    '',
    `Ga naar ${input.publicUrl} en log in met uw eigen DigiD. Typ het adres zelf in of gebruik uw bladwijzer.`,
    '',
    'U krijgt deze e-mail omdat u dit bij uw machtigingen heeft gekozen. Zet het daar uit als u deze e-mails niet meer wilt. Wij zetten in deze e-mail expres niet wat er in het bericht staat.',
    '',
    `English: there is ${input.count === 1 ? 'a new message' : 'new messages'} for ${name} in Burgerportaal. Type ${input.publicUrl} yourself, log in with your own DigiD and choose to act for ${name}.`,
  ];
  return { to: input.to, subject: `Nieuw bericht voor ${name} in Burgerportaal`, text: lines.join('\n') };
}
