import type { Accounts } from '../identity/index.ts';
import { OrganisationInputError, type Organisation, type OrganisationRegistry } from '../organisations/index.ts';
import type { createDelivery } from './deliver-messages.ts';

/**
 * The portal's own OIN as the sender of its notices. No organisation has an OIN of all zeros, and
 * the entry is inactive, so nobody can deliver as the portal through the API.
 */
export const PORTAL_OIN = '00000000000000000000';
const PORTAL_NAME = 'Burgerportaal';

export interface PortalNote {
  citizenId: string;
  /** Idempotent per citizen: the same reference again delivers nothing new. */
  reference: string;
  subject: string;
  body: string;
}

/**
 * Notices from the portal itself in the citizen's inbox (e.g. which self-entered data was deleted
 * and when). They go through the very delivery organisations use: encrypted, with a receipt, and
 * as a mandatory channel, so the citizen's message preferences cannot hide them.
 */
export function createPortalNotes(deps: { delivery: ReturnType<typeof createDelivery>; organisations: OrganisationRegistry; accounts: Accounts }) {
  async function portalOrganisation(): Promise<Organisation> {
    const found = await deps.organisations.findByOin(PORTAL_OIN);
    if (found) return found;
    try {
      await deps.organisations.add({ oin: PORTAL_OIN, name: PORTAL_NAME, capabilities: ['inbox'], mandatoryChannel: true });
      await deps.organisations.setActive(PORTAL_OIN, false);
    } catch (error) {
      // Another process registered it at the same moment.
      if (!(error instanceof OrganisationInputError) && !(await deps.organisations.findByOin(PORTAL_OIN))) throw error;
    }
    const created = await deps.organisations.findByOin(PORTAL_OIN);
    if (!created) throw new Error('portal organisation missing');
    return created;
  }

  return {
    /** Delivers one notice to the citizen's inbox; throws when it could not be delivered. */
    async send(note: PortalNote): Promise<void> {
      const [organisation, bsn] = await Promise.all([portalOrganisation(), deps.accounts.revealBsn(note.citizenId)]);
      const [outcome] = await deps.delivery.deliver(organisation, [{ recipient: { bsn }, reference: note.reference, subject: note.subject, body: note.body }]);
      if (!outcome || 'problem' in outcome) throw new Error(`portal note not delivered: ${outcome && 'problem' in outcome ? outcome.problem.type : 'no outcome'}`);
    },
  };
}

export type PortalNotes = ReturnType<typeof createPortalNotes>;
