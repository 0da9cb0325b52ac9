import type { Logger } from 'pino';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Translate } from '../platform/i18n.ts';
import type { MandateEvent } from './mandates.ts';

export interface MandateMailDeps {
  mailer: Mailer;
  verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>;
  translator: { nl: Translate; en: Translate };
  publicUrl: string;
  logger: Logger;
}

/**
 * Tells the represented citizen that a mandate was created, accepted, used for the first time or
 * ended (R17). Only to a verified address; content-free (no names, no services), Dutch with the
 * English below. A failed mail is logged, never undoes the change.
 */
export function createMandateMails(deps: MandateMailDeps) {
  return async (event: { kind: MandateEvent; grantorId: string }): Promise<void> => {
    const to = (await deps.verifiedEmails([event.grantorId])).get(event.grantorId);
    if (!to) return;
    const { nl, en } = deps.translator;
    const footer = (t: Translate) => t('rep.mail.footer', { url: deps.publicUrl });
    try {
      await deps.mailer.send({
        to,
        subject: nl(`rep.mail.${event.kind}.subject`),
        text: `${nl(`rep.mail.${event.kind}.body`)}\n\n${footer(nl)}\n\n---\n\n${en(`rep.mail.${event.kind}.subject`)}\n\n${en(`rep.mail.${event.kind}.body`)}\n\n${footer(en)}\n`,
      });
    } catch (error) {
      deps.logger.error({ err: error instanceof Error ? error.message : 'unknown', event: event.kind }, 'mandate mail not sent');
    }
  };
}
