import type { Accounts } from '../identity/index.ts';
import type { Db } from '../platform/db/database.ts';
import { formatDate } from '../platform/i18n.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { selfEnteredStore } from './self-entered-store.ts';
import type { AuditLog } from '../audit/index.ts';

/** Self-entered data is deleted after this many years without the citizen's own login (R18). */
export const INACTIVITY_YEARS = 2;
/** Warnings go out this many days before the deletion, each once per period of inactivity. */
export const WARNING_DAYS = [60, 14, 1] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** When self-entered data counted from this own login is deleted. */
export function purgeDueAt(lastOwnLogin: Date): Date {
  const due = new Date(lastOwnLogin);
  due.setUTCFullYear(due.getUTCFullYear() + INACTIVITY_YEARS);
  return due;
}

export interface RetentionDeps {
  db: Db;
  accounts: Accounts;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
  verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>;
  /** Puts a notice from the portal in the citizen's inbox (the inbox module's portal notes). */
  sendNote(note: { citizenId: string; reference: string; subject: string; body: string }): Promise<void>;
  onError(error: unknown, what: string): void;
  audit: AuditLog;
}

type Holdings = Awaited<ReturnType<typeof selfEnteredStore.holdings>>;

function deletedList(holdings: Holdings, language: 'nl' | 'en'): string {
  const nl = language === 'nl';
  const items = [
    holdings.screenName ? (nl ? 'uw schermnaam (roepnaam)' : 'your screen name (nickname)') : null,
    holdings.email ? (nl ? 'uw e-mailadres' : 'your e-mail address') : null,
    holdings.phone ? (nl ? 'uw telefoonnummer' : 'your phone number') : null,
    holdings.photo ? (nl ? 'uw profielfoto' : 'your profile photo') : null,
    holdings.addresses > 0 ? (nl ? `uw opgeslagen adressen (${holdings.addresses})` : `your saved addresses (${holdings.addresses})`) : null,
  ].filter((item): item is string => item !== null);
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * Deletes all self-entered data of citizens who have not logged in themselves for two years, and
 * warns them by verified e-mail 60, 14 and 1 days before. The clock is the citizen's own last
 * login (`accounts.lastOwnLogins`), so a login restarts it and a representative's use does not.
 * Works through the holders of such data in batches by citizen id; each warning is claimed in the
 * database before its mail goes out, so it is sent once even with several workers.
 */
export function createSelfEnteredRetention(deps: RetentionDeps) {
  const { db, accounts, now } = deps;

  async function warn(citizenId: string, input: { email: string; daysBefore: number; basis: Date; due: Date }): Promise<boolean> {
    if (!(await selfEnteredStore.claimWarning(db, { citizenId, daysBefore: input.daysBefore, loginBasis: input.basis, at: now() }))) return false;
    const dateNl = formatDate(input.due, 'nl');
    const dateEn = formatDate(input.due, 'en');
    try {
      await deps.mailer.send({
        to: input.email,
        subject: 'Uw gegevens in Burgerportaal worden gewist / Your data in Burgerportaal will be deleted',
        text:
          `U heeft al bijna ${INACTIVITY_YEARS} jaar niet ingelogd op Burgerportaal. Op ${dateNl} wissen wij daarom de gegevens die u zelf heeft ingevuld: uw schermnaam, e-mailadres, telefoonnummer, profielfoto en opgeslagen adressen. Uw account en uw berichten blijven bestaan.\n\n` +
          `Wilt u deze gegevens houden? Log dan voor ${dateNl} in: ${deps.publicUrl}/inloggen\n\n` +
          `---\n\n` +
          `You have not logged in to Burgerportaal for almost ${INACTIVITY_YEARS} years. On ${dateEn} we will therefore delete the data you entered yourself: your screen name, e-mail address, phone number, profile photo and saved addresses. Your account and your messages stay.\n\n` +
          `Do you want to keep this data? Then log in before ${dateEn}: ${deps.publicUrl}/inloggen`,
      });
    } catch (error) {
      await selfEnteredStore.releaseWarning(db, citizenId, input.daysBefore);
      throw error;
    }
    await accounts.recordActivity({ citizenId, actorId: null, action: 'self-entered-data-warning-sent', detail: `days-before:${input.daysBefore}` });
    return true;
  }

  async function purge(citizenId: string, basis: Date): Promise<void> {
    const at = now();
    const holdings = await db.transaction().execute(async (trx) => {
      const found = await selfEnteredStore.holdings(trx, citizenId);
      await selfEnteredStore.purge(trx, citizenId);
      await accounts.recordActivity({ citizenId, actorId: null, action: 'self-entered-data-purged', db: trx });
      // Which kinds went, never their values.
      await deps.audit.append(trx, {
        actor: { kind: 'system', id: 'self-entered-data-retention', name: 'self-entered-data-retention' },
        action: 'retention.purge',
        target: { type: 'citizen', id: citizenId },
        after: { category: 'self-entered', screenName: Boolean(found.screenName), email: Boolean(found.email), phone: Boolean(found.phone), photo: Boolean(found.photo), addresses: found.addresses },
      });
      return found;
    });
    const list = { nl: deletedList(holdings, 'nl'), en: deletedList(holdings, 'en') };
    await deps.sendNote({
      citizenId,
      reference: `self-entered-data-purged-${basis.getTime()}`,
      subject: 'Uw zelf ingevulde gegevens zijn gewist / Your self-entered data has been deleted',
      body:
        `Op ${formatDate(at, 'nl')} hebben wij de gegevens gewist die u zelf in Burgerportaal had ingevuld, omdat u ${INACTIVITY_YEARS} jaar niet heeft ingelogd. Gewist is:\n${list.nl || '- (niets meer)'}\n\nUw account en uw berichten blijven bestaan. U kunt deze gegevens op Mijn profiel opnieuw invullen.\n\n---\n\n` +
        `On ${formatDate(at, 'en')} we deleted the data you had entered yourself in Burgerportaal, because you had not logged in for ${INACTIVITY_YEARS} years. Deleted:\n${list.en || '- (nothing left)'}\n\nYour account and your messages stay. You can enter this data again on My profile.`,
    });
  }

  return {
    /** One pass over every holder of self-entered data; returns how many were warned and purged. */
    async runOnce(options: { batchSize?: number } = {}): Promise<{ warned: number; purged: number }> {
      const batchSize = options.batchSize ?? 500;
      const result = { warned: 0, purged: 0 };
      let after: string | null = null;
      for (;;) {
        const citizenIds = await selfEnteredStore.citizensWithData(db, after, batchSize);
        if (citizenIds.length === 0) break;
        after = citizenIds[citizenIds.length - 1] ?? null;
        const logins = await accounts.lastOwnLogins(citizenIds);
        const at = now().getTime();
        const toWarn: { citizenId: string; daysBefore: number; basis: Date; due: Date }[] = [];
        const toPurge: { citizenId: string; basis: Date }[] = [];
        for (const citizenId of citizenIds) {
          const basis = logins.get(citizenId);
          if (!basis) continue;
          const due = purgeDueAt(basis);
          const left = due.getTime() - at;
          if (left <= 0) toPurge.push({ citizenId, basis });
          else {
            // The most urgent warning that applies; an earlier one missed (worker down) is not sent late.
            const daysBefore = [...WARNING_DAYS].sort((a, b) => a - b).find((days) => left <= days * DAY_MS);
            if (daysBefore !== undefined) toWarn.push({ citizenId, daysBefore, basis, due });
          }
        }
        const emails = await deps.verifiedEmails(toWarn.map((item) => item.citizenId));
        for (const item of toWarn) {
          const email = emails.get(item.citizenId);
          if (!email) continue;
          try {
            if (await warn(item.citizenId, { ...item, email })) result.warned++;
          } catch (error) {
            deps.onError(error, 'inactivity warning not sent');
          }
        }
        for (const item of toPurge) {
          try {
            await purge(item.citizenId, item.basis);
            result.purged++;
          } catch (error) {
            deps.onError(error, 'self-entered data purge failed');
          }
        }
        if (citizenIds.length < batchSize) break;
      }
      return result;
    },
  };
}

export type SelfEnteredRetention = ReturnType<typeof createSelfEnteredRetention>;
