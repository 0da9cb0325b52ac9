import type { Acting } from '../platform/module.ts';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { preferencesStore } from './preferences-store.ts';

export interface PreferenceRow {
  organisationId: string;
  name: string;
  allowed: boolean;
  /** A mandatory-channel organisation is always on (R8). */
  mandatory: boolean;
}

export type SaveOutcome = { kind: 'saved'; name: string; allowed: boolean } | { kind: 'mandatory'; name: string } | { kind: 'not-found' };

export interface MessagePreferencesDeps {
  db: Db;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  now: () => Date;
}

/** The citizen's choice per organisation whether it may deliver to the inbox (R8). */
export function createMessagePreferences(deps: MessagePreferencesDeps) {
  const { db } = deps;

  async function inboxOrganisations() {
    return (await deps.organisations.list()).filter((organisation) => organisation.active && organisation.capabilities.includes('inbox'));
  }

  return {
    /** Every active inbox organisation, by name, with the citizen's choice (default on). */
    async list(citizenId: string): Promise<PreferenceRow[]> {
      const [organisations, choices] = await Promise.all([inboxOrganisations(), preferencesStore.listChoices(db, citizenId)]);
      return organisations.map((organisation) => ({
        organisationId: organisation.organisationId,
        name: organisation.name,
        mandatory: organisation.mandatoryChannel,
        allowed: organisation.mandatoryChannel || (choices.get(organisation.organisationId) ?? true),
      }));
    },

    /**
     * Switches one organisation on or off and records the change in the usage history (R5), in one
     * transaction. A mandatory-channel organisation cannot be switched off; an unknown one is not found.
     */
    async save(input: { acting: Acting; organisationId: string; allowed: boolean }): Promise<SaveOutcome> {
      const citizenId = input.acting.subject.citizenId;
      const organisation = (await inboxOrganisations()).find((candidate) => candidate.organisationId === input.organisationId);
      if (!organisation) return { kind: 'not-found' };
      if (organisation.mandatoryChannel) return { kind: 'mandatory', name: organisation.name };
      await db.transaction().execute(async (trx) => {
        await preferencesStore.save(trx, { citizenId, organisationId: organisation.organisationId, allowed: input.allowed, now: deps.now() });
        await deps.accounts.recordActivity({
          citizenId,
          actorId: input.acting.actor.citizenId,
          loginId: input.acting.loginId,
          action: input.allowed ? 'message-preference-on' : 'message-preference-off',
          detail: organisation.oin,
          db: trx,
        });
      });
      return { kind: 'saved', name: organisation.name, allowed: input.allowed };
    },
  };
}

export type MessagePreferences = ReturnType<typeof createMessagePreferences>;
