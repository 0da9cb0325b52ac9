import type { Recipient } from '../identity/index.ts';
import type { Organisation } from '../organisations/index.ts';
import { Problem } from '../platform/http/problem.ts';

/** Whether a delivery to one recipient would be accepted now, and what the sender may learn (R9). */
export type Acceptance =
  | { accepted: true; activated: boolean; citizenId: string | null }
  | { accepted: false; activated: boolean; problem: Problem };

/** The population register could not be asked; the sender may retry the item later. */
export function registerUnavailable(): Problem {
  return new Problem(503, 'register-unavailable', 'Population register unavailable', 'The population register could not be consulted. Try this item again later.', undefined, { retryAfterSeconds: 30 });
}

/** The one refusal every reason shares, so a refusal tells nothing about the person. */
export function notAccepting(): Problem {
  return new Problem(422, 'recipient-not-accepting', 'Recipient does not accept messages', 'This recipient does not accept messages from your organisation.');
}

/**
 * R9 as one rule, used by both delivery and the recipient check, so the check predicts delivery
 * exactly. A sender that is not a mandatory channel reaches only activated accounts that have not
 * switched it off, and every other case is the same neutral refusal (not in the register, under
 * 14, deceased, not activated, switched off, or a register that cannot be asked: such a person has
 * no activated account either way). A mandatory-channel sender reaches everyone who has or may
 * have an account (R2, R8) and learns whether it is activated; people who cannot have one get the
 * same neutral refusal; when the register cannot be asked it must retry.
 *
 * `allowed` is the citizen's preference for this sender (undefined: never set, which allows).
 * `citizenId` null means the account is created at delivery.
 */
export function acceptanceOf(organisation: Organisation, recipient: Recipient | undefined, allowed: boolean | undefined): Acceptance {
  if (!organisation.mandatoryChannel) {
    if (recipient?.kind === 'account' && recipient.activated && allowed !== false) return { accepted: true, activated: true, citizenId: recipient.citizenId };
    return { accepted: false, activated: false, problem: notAccepting() };
  }
  switch (recipient?.kind) {
    case 'account':
      return { accepted: true, activated: recipient.activated, citizenId: recipient.citizenId };
    case 'no-account':
      return { accepted: true, activated: false, citizenId: null };
    case 'unavailable':
      return { accepted: false, activated: false, problem: registerUnavailable() };
    default:
      return { accepted: false, activated: false, problem: notAccepting() };
  }
}
