import { createHash, randomBytes } from 'node:crypto';
import type { Accounts } from '../identity/index.ts';
import { fieldContext } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Acting } from '../platform/module.ts';
import { profileStore } from './profile-store.ts';

export const VERIFICATION_VALIDITY_MS = 24 * 60 * 60 * 1000;
const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

export function isPlausibleEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Too many verification mails: for this citizen this hour, or to this address today. */
export class VerificationMailLimitReached extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('verification mail limit reached');
  }
}

export interface ProfileDeps {
  /** Verification mails per citizen per hour and to one address per day. */
  mailLimits: { verificationMailsPerCitizenPerHour: number; verificationMailsPerAddressPerDay: number };
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
}

/** E-mail address and screen name: self-entered, encrypted, and the address counts only once verified (R5, R18). */
export function createProfile(deps: ProfileDeps) {
  const { db, keyring, accounts, now } = deps;

  const decrypt = (citizenId: string, field: string, value: Uint8Array | null | undefined) => (value ? keyring.decryptText(value, fieldContext(citizenId, field)) : null);
  const record = (acting: Acting, action: string, trx: Db) =>
    accounts.recordActivity({ citizenId: acting.subject.citizenId, actorId: acting.actor.citizenId, loginId: acting.loginId, action, db: trx });

  return {
    async view(citizenId: string) {
      const [profile, pending] = await Promise.all([profileStore.find(db, citizenId), profileStore.findPendingVerification(db, citizenId, now())]);
      return {
        screenName: decrypt(citizenId, 'screen-name', profile?.screen_name_encrypted),
        email: decrypt(citizenId, 'email', profile?.email_encrypted),
        emailVerifiedAt: profile?.email_verified_at ? new Date(profile.email_verified_at) : null,
        pendingEmail: decrypt(citizenId, 'pending-email', pending?.email_encrypted),
      };
    },

    /** A screen name already read (e.g. with the session row), decrypted; null when there is none. */
    screenNameFrom(citizenId: string, encrypted: Uint8Array | null): string | null {
      return decrypt(citizenId, 'screen-name', encrypted);
    },

    /** The self-chosen screen name, or null (one query; for the page header). */
    async screenName(citizenId: string): Promise<string | null> {
      return decrypt(citizenId, 'screen-name', (await profileStore.find(db, citizenId))?.screen_name_encrypted);
    },

    /** Verified e-mail addresses of many citizens in one query; those without one are absent. */
    async verifiedEmails(citizenIds: string[]): Promise<Map<string, string>> {
      if (citizenIds.length === 0) return new Map();
      const rows = await profileStore.findVerifiedEmails(db, citizenIds);
      const result = new Map<string, string>();
      for (const row of rows) {
        const email = decrypt(row.citizen_id, 'email', row.email_encrypted);
        if (email) result.set(row.citizen_id, email);
      }
      return result;
    },

    /** Sets or (with an empty value) removes the screen name. */
    async setScreenName(input: { acting: Acting; screenName: string }): Promise<void> {
      const value = input.screenName.trim();
      const citizenId = input.acting.subject.citizenId;
      await db.transaction().execute(async (trx) => {
        await profileStore.setScreenName(trx, citizenId, value ? keyring.encryptText(value, fieldContext(citizenId, 'screen-name')) : null);
        await record(input.acting, value ? 'screen-name-changed' : 'screen-name-removed', trx);
      });
    },

    /**
     * Stores a pending address and mails a one-time link to it. When the mail cannot be sent,
     * nothing is stored and the error reaches the caller.
     */
    async requestEmailChange(input: { acting: Acting; email: string; language: 'nl' | 'en' }): Promise<void> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const citizenId = input.acting.subject.citizenId;
      const addressHashes = keyring.lookupHashes(input.email.toLowerCase(), 'verification-mail');
      const addressHash = keyring.lookupHash(input.email.toLowerCase(), 'verification-mail');
      await db.transaction().execute(async (trx) => {
        // Nobody can use the portal to flood an address or send many mails quickly.
        const sent = await profileStore.countVerificationMails(trx, { citizenId, addressHashes, citizenSince: new Date(at.getTime() - HOUR_MS), addressSince: new Date(at.getTime() - DAY_MS) });
        const waits: number[] = [];
        if (sent.byCitizen.count >= deps.mailLimits.verificationMailsPerCitizenPerHour) waits.push((sent.byCitizen.first?.getTime() ?? at.getTime()) + HOUR_MS - at.getTime());
        if (sent.byAddress.count >= deps.mailLimits.verificationMailsPerAddressPerDay) waits.push((sent.byAddress.first?.getTime() ?? at.getTime()) + DAY_MS - at.getTime());
        if (waits.length > 0) throw new VerificationMailLimitReached(Math.max(1, Math.ceil(Math.max(...waits) / 1000)));
        await profileStore.logVerificationMail(trx, { citizenId, addressHash, sentAt: at, forgetBefore: new Date(at.getTime() - DAY_MS) });
        await profileStore.replaceVerification(trx, {
          citizenId,
          tokenHash: tokenHash(token),
          emailEncrypted: keyring.encryptText(input.email, fieldContext(citizenId, 'pending-email')),
          expiresAt: new Date(at.getTime() + VERIFICATION_VALIDITY_MS),
          createdAt: at,
        });
        await record(input.acting, 'email-change-requested', trx);
      });
      const link = `${deps.publicUrl}/mijn-account/e-mail/bevestigen?token=${token}`;
      try {
        await deps.mailer.send({
          to: input.email,
          subject: input.language === 'en' ? 'Confirm your e-mail address for Burgerportaal' : 'Bevestig uw e-mailadres voor Burgerportaal',
          text:
            input.language === 'en'
              ? `You asked to receive notifications from Burgerportaal at this address.\n\nConfirm it by opening this link within 24 hours:\n${link}\n\nDid you not ask for this? Then ignore this mail; nothing changes.`
              : `U heeft gevraagd om berichten van Burgerportaal op dit e-mailadres te ontvangen.\n\nBevestig dit door binnen 24 uur deze link te openen:\n${link}\n\nHeeft u dit niet gevraagd? Dan kunt u deze e-mail negeren; er verandert niets.`,
        });
      } catch (error) {
        // Without the mail the link cannot be used: keep no pending address, but record the failure.
        await db.transaction().execute(async (trx) => {
          await profileStore.deleteVerification(trx, citizenId, tokenHash(token));
          await record(input.acting, 'email-verification-failed', trx);
        });
        throw error;
      }
    },

    /** Confirms the address behind a link; the token works once and only before it expires. */
    async confirmEmail(token: string): Promise<{ ok: true; citizenId: string } | { ok: false }> {
      return db.transaction().execute(async (trx) => {
        const row = await profileStore.takeVerification(trx, tokenHash(token));
        if (!row || new Date(row.expires_at) <= now()) return { ok: false as const };
        const email = keyring.decryptText(row.email_encrypted, fieldContext(row.citizen_id, 'pending-email'));
        await profileStore.setEmail(trx, row.citizen_id, keyring.encryptText(email, fieldContext(row.citizen_id, 'email')), now());
        // Opening the link proves control of the address; it is the citizen's own act.
        await accounts.recordActivity({ citizenId: row.citizen_id, actorId: row.citizen_id, action: 'email-verified', db: trx });
        return { ok: true as const, citizenId: row.citizen_id };
      });
    },

    async removeEmail(input: { acting: Acting }): Promise<void> {
      const citizenId = input.acting.subject.citizenId;
      await db.transaction().execute(async (trx) => {
        await profileStore.setEmail(trx, citizenId, null, null);
        await profileStore.deleteVerification(trx, citizenId);
        await record(input.acting, 'email-removed', trx);
      });
    },
  };
}

export type Profile = ReturnType<typeof createProfile>;
