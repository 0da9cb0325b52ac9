import { createHash, randomBytes } from 'node:crypto';
import type { Accounts } from '../identity/index.ts';
import { fieldContext } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';

export const VERIFICATION_VALIDITY_MS = 24 * 60 * 60 * 1000;
const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

export function isPlausibleEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface ProfileDeps {
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

  return {
    async view(citizenId: string) {
      const citizen = await accounts.findCitizen(citizenId);
      if (!citizen) throw new Error('no such citizen');
      const pending = await db
        .selectFrom('email_verifications')
        .select(['email_encrypted', 'expires_at'])
        .where('citizen_id', '=', citizenId)
        .where('expires_at', '>', now())
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return {
        screenName: citizen.screen_name_encrypted ? keyring.decryptText(citizen.screen_name_encrypted, fieldContext(citizenId, 'screen-name')) : null,
        email: citizen.email_encrypted ? keyring.decryptText(citizen.email_encrypted, fieldContext(citizenId, 'email')) : null,
        emailVerifiedAt: citizen.email_verified_at ? new Date(citizen.email_verified_at) : null,
        pendingEmail: pending ? keyring.decryptText(pending.email_encrypted, fieldContext(citizenId, 'pending-email')) : null,
      };
    },

    /** The self-chosen screen name, or null (one query; for the page header). */
    async screenName(citizenId: string): Promise<string | null> {
      const row = await db.selectFrom('citizens').select('screen_name_encrypted').where('citizen_id', '=', citizenId).executeTakeFirst();
      return row?.screen_name_encrypted ? keyring.decryptText(row.screen_name_encrypted, fieldContext(citizenId, 'screen-name')) : null;
    },

    /** Verified e-mail addresses of many citizens in one query; those without one are absent. */
    async verifiedEmails(citizenIds: string[]): Promise<Map<string, string>> {
      if (citizenIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('citizens')
        .select(['citizen_id', 'email_encrypted'])
        .where('citizen_id', 'in', citizenIds)
        .where('email_verified_at', 'is not', null)
        .where('email_encrypted', 'is not', null)
        .execute();
      const result = new Map<string, string>();
      for (const row of rows) {
        if (row.email_encrypted) result.set(row.citizen_id, keyring.decryptText(row.email_encrypted, fieldContext(row.citizen_id, 'email')));
      }
      return result;
    },

    /** Sets or (with an empty value) removes the screen name. */
    async setScreenName(input: { citizenId: string; loginId: string; screenName: string }): Promise<void> {
      const value = input.screenName.trim();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('citizens')
          .set({ screen_name_encrypted: value ? keyring.encryptText(value, fieldContext(input.citizenId, 'screen-name')) : null })
          .where('citizen_id', '=', input.citizenId)
          .execute();
        await accounts.recordActivity({ citizenId: input.citizenId, loginId: input.loginId, action: value ? 'screen-name-changed' : 'screen-name-removed', db: trx });
      });
    },

    /**
     * Stores a pending address and mails a one-time link to it. When the mail cannot be sent,
     * nothing is stored and the error reaches the caller.
     */
    async requestEmailChange(input: { citizenId: string; loginId: string; email: string; language: 'nl' | 'en' }): Promise<void> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('email_verifications').where('citizen_id', '=', input.citizenId).execute();
        await trx
          .insertInto('email_verifications')
          .values({
            citizen_id: input.citizenId,
            token_hash: tokenHash(token),
            email_encrypted: keyring.encryptText(input.email, fieldContext(input.citizenId, 'pending-email')),
            expires_at: new Date(at.getTime() + VERIFICATION_VALIDITY_MS),
            created_at: at,
          })
          .execute();
        await accounts.recordActivity({ citizenId: input.citizenId, loginId: input.loginId, action: 'email-change-requested', db: trx });
      });
      const link = `${deps.publicUrl}/mijn-account/e-mail/bevestigen?token=${token}`;
      try {
        await deps.mailer.send({
          to: input.email,
          subject: input.language === 'en' ? 'Confirm your e-mail address for the citizen portal' : 'Bevestig uw e-mailadres voor Burgerportaal',
          text:
            input.language === 'en'
              ? `You asked to receive notifications from the citizen portal at this address.\n\nConfirm it by opening this link within 24 hours:\n${link}\n\nDid you not ask for this? Then ignore this mail; nothing changes.`
              : `U heeft gevraagd om berichten van Burgerportaal op dit e-mailadres te ontvangen.\n\nBevestig dit door binnen 24 uur deze link te openen:\n${link}\n\nHeeft u dit niet gevraagd? Dan kunt u deze e-mail negeren; er verandert niets.`,
        });
      } catch (error) {
        // Without the mail the link cannot be used: keep no pending address, but record the failure.
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('email_verifications').where('citizen_id', '=', input.citizenId).where('token_hash', '=', tokenHash(token)).execute();
          await accounts.recordActivity({ citizenId: input.citizenId, loginId: input.loginId, action: 'email-verification-failed', db: trx });
        });
        throw error;
      }
    },

    /** Confirms the address behind a link; the token works once and only before it expires. */
    async confirmEmail(token: string): Promise<{ ok: true; citizenId: string } | { ok: false }> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('email_verifications')
          .where('token_hash', '=', tokenHash(token))
          .returningAll()
          .executeTakeFirst();
        if (!row || new Date(row.expires_at) <= now()) return { ok: false as const };
        const email = keyring.decryptText(row.email_encrypted, fieldContext(row.citizen_id, 'pending-email'));
        await trx
          .updateTable('citizens')
          .set({ email_encrypted: keyring.encryptText(email, fieldContext(row.citizen_id, 'email')), email_verified_at: now() })
          .where('citizen_id', '=', row.citizen_id)
          .execute();
        await accounts.recordActivity({ citizenId: row.citizen_id, action: 'email-verified', db: trx });
        return { ok: true as const, citizenId: row.citizen_id };
      });
    },

    async removeEmail(input: { citizenId: string; loginId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('citizens').set({ email_encrypted: null, email_verified_at: null }).where('citizen_id', '=', input.citizenId).execute();
        await trx.deleteFrom('email_verifications').where('citizen_id', '=', input.citizenId).execute();
        await accounts.recordActivity({ citizenId: input.citizenId, loginId: input.loginId, action: 'email-removed', db: trx });
      });
    },
  };
}

export type Profile = ReturnType<typeof createProfile>;
