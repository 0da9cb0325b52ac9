import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';

/**
 * Password rules per NIST SP 800-63B §3.1.1.2: a minimum length, a maximum of at least 64, any
 * characters (Unicode, spaces), no composition rules, no periodic change, and a check against
 * passwords known from breaches. The minimum is 12 rather than NIST's 8 (with a second factor)
 * because console accounts are privileged.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const here = path.dirname(fileURLToPath(import.meta.url));
let breached: Set<string> | null = null;

/**
 * The bundled list (breached-passwords.txt): every password of 12 to 128 characters among the
 * most common million of SecLists' "10 million password list" (MIT), lower-cased (about 44,000).
 * Compared case-insensitively, so "PasswordPassword" counts as "passwordpassword".
 */
function breachedPasswords(): Set<string> {
  breached ??= new Set(fs.readFileSync(path.join(here, 'breached-passwords.txt'), 'utf8').split('\n').filter(Boolean));
  return breached;
}

export type PasswordProblem = 'too-short' | 'too-long' | 'breached' | 'contains-username';

/** Why a new password is refused, or null when it may be used. Length counts Unicode code points. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const lower = password.normalize('NFKC').toLowerCase();
  if (breachedPasswords().has(lower)) return 'breached';
  // NIST: refuse context-specific words, such as the username.
  if (username && lower.includes(username.toLowerCase())) return 'contains-username';
  return null;
}

/** argon2id (the library's default: m=19 MiB, t=2, p=1, OWASP's recommended minimum), PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password.normalize('NFKC'));
}
