import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';
import { organisationStore } from './organisation-store.ts';

export const CAPABILITIES = ['inbox', 'cases', 'data', 'representation'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface Organisation {
  organisationId: string;
  oin: string;
  name: string;
  capabilities: Capability[];
  mandatoryChannel: boolean;
  active: boolean;
}

export class OrganisationInputError extends Error {}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function toOrganisation(row: { organisation_id: string; oin: string; name: string; capabilities: string[]; mandatory_channel: boolean; active: boolean }): Organisation {
  return {
    organisationId: row.organisation_id,
    oin: row.oin,
    name: row.name,
    capabilities: row.capabilities.filter((c): c is Capability => (CAPABILITIES as readonly string[]).includes(c)),
    mandatoryChannel: row.mandatory_channel,
    active: row.active,
  };
}

function checkOin(oin: string): void {
  if (!/^\d{20}$/.test(oin)) throw new OrganisationInputError('An OIN is exactly 20 digits.');
}

function checkCapabilities(capabilities: string[]): void {
  const unknown = capabilities.filter((c) => !(CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length > 0 || capabilities.length === 0) {
    throw new OrganisationInputError(`Capabilities must be one or more of ${CAPABILITIES.join(', ')}; got ${capabilities.join(',') || 'none'}.`);
  }
}

/** The registry of connected organisations, identified by their OIN (R30). */
export function createOrganisationRegistry(deps: { db: Db; now: () => Date }) {
  const { db } = deps;
  // A small reference table read on every inbox page: kept for a few seconds, dropped on change.
  const LIST_TTL_MS = 10_000;
  let cached: { at: number; list: Promise<Organisation[]> } | null = null;

  return {
    /**
     * Registers an organisation; returns it with a development bearer key (shown once, stored
     * hashed). `trx`: the caller's transaction (the console audits the registration in it).
     */
    async add(input: { oin: string; name: string; capabilities: string[]; mandatoryChannel?: boolean }, trx: Db = db): Promise<{ organisation: Organisation; apiKey: string }> {
      checkOin(input.oin);
      if (!input.name.trim()) throw new OrganisationInputError('An organisation needs a name.');
      checkCapabilities(input.capabilities);
      if (await organisationStore.oinExists(trx, input.oin)) throw new OrganisationInputError(`An organisation with OIN ${input.oin} is already registered.`);
      const apiKey = `bp_dev_${randomBytes(24).toString('base64url')}`;
      const row = await organisationStore.insert(trx, {
        organisationId: uuidv7(),
        oin: input.oin,
        name: input.name.trim(),
        capabilities: input.capabilities,
        mandatoryChannel: input.mandatoryChannel ?? false,
        apiKeyHash: hashKey(apiKey),
        now: deps.now(),
      });
      cached = null;
      return { organisation: toOrganisation(row), apiKey };
    },

    async findByOin(oin: string): Promise<Organisation | null> {
      const row = await organisationStore.findByOin(db, oin);
      return row ? toOrganisation(row) : null;
    },

    async findByApiKey(apiKey: string): Promise<Organisation | null> {
      const row = await organisationStore.findByApiKeyHash(db, hashKey(apiKey));
      return row ? toOrganisation(row) : null;
    },

    async get(organisationId: string): Promise<Organisation | null> {
      const row = await organisationStore.findById(db, organisationId);
      return row ? toOrganisation(row) : null;
    },

    /** All organisations by name; at most a few seconds old. */
    async list(): Promise<Organisation[]> {
      if (!cached || Date.now() - cached.at > LIST_TTL_MS) {
        const list = organisationStore.listByName(db).then((rows) => rows.map(toOrganisation));
        cached = { at: Date.now(), list };
        list.catch(() => {
          cached = null;
        });
      }
      return cached.list;
    },

    /**
     * Changes an organisation's name, capabilities, mandatory-channel flag, the OIN its
     * certificates carry, or whether it is active; in the caller's transaction. Returns before and after.
     */
    async update(
      organisationId: string,
      changes: { name?: string; capabilities?: string[]; mandatoryChannel?: boolean; oin?: string; active?: boolean },
      trx: Db = db,
    ): Promise<{ before: Organisation; after: Organisation }> {
      const row = await organisationStore.findById(trx, organisationId);
      if (!row) throw new OrganisationInputError('No such organisation.');
      if (changes.oin !== undefined) {
        checkOin(changes.oin);
        if (changes.oin !== row.oin && (await organisationStore.oinExists(trx, changes.oin))) throw new OrganisationInputError(`An organisation with OIN ${changes.oin} is already registered.`);
      }
      if (changes.name !== undefined && !changes.name.trim()) throw new OrganisationInputError('An organisation needs a name.');
      if (changes.capabilities !== undefined) checkCapabilities(changes.capabilities);
      const updated = await organisationStore.update(trx, organisationId, {
        ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
        ...(changes.capabilities === undefined ? {} : { capabilities: changes.capabilities }),
        ...(changes.mandatoryChannel === undefined ? {} : { mandatory_channel: changes.mandatoryChannel }),
        ...(changes.oin === undefined ? {} : { oin: changes.oin }),
        ...(changes.active === undefined ? {} : { active: changes.active }),
      });
      cached = null;
      return { before: toOrganisation(row), after: toOrganisation(updated) };
    },

    async setActive(oin: string, active: boolean): Promise<void> {
      await organisationStore.setActive(db, oin, active);
      cached = null;
    },
  };
}

export type OrganisationRegistry = ReturnType<typeof createOrganisationRegistry>;
