import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Session } from '../platform/http/sessions.ts';

/** What the session remembers of the register: only for display, only while logged in. */
export interface SessionPerson {
  name: string;
}

function context(loginId: string): string {
  return `session:${loginId}:person`;
}

/** Encrypts register data for storage in the session row. */
export function sealSessionPerson(keyring: Keyring, loginId: string, person: SessionPerson): string {
  return keyring.encryptText(JSON.stringify(person), context(loginId)).toString('base64');
}

/** Reads register data back from the session, or null when there is none. */
export function openSessionPerson(keyring: Keyring, session: Session): SessionPerson | null {
  if (!session.loginId || !session.data.personEncrypted) return null;
  return JSON.parse(keyring.decryptText(Buffer.from(session.data.personEncrypted, 'base64'), context(session.loginId))) as SessionPerson;
}
