import { v7 as uuidv7 } from 'uuid';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { fieldContext } from './accounts.ts';
import { accountsStore } from './accounts-store.ts';
import { isValidBsn } from './bsn.ts';
import { isIsoDate, readRegisterFile, type RefusedRow } from './population-import.ts';
import { newOperationId, USAGE_ACTIVITY } from './processing-log.ts';
import { ageOn, dutchDate, MINIMUM_AGE } from './population-register.ts';
import { populationStore } from './population-store.ts';

/**
 * The register changes that reach accounts (R2), one per line of a CSV change file with the header
 * `change,bsn,date,new_bsn`:
 * - `turned-14,BSN,BIRTH_DATE`: a resident turned 14 (or settled here aged 14+): an account, not activated;
 * - `deceased,BSN,DATE_OF_DEATH`: the account takes no deliveries any more;
 * - `bsn-changed,OLD_BSN,,NEW_BSN`: the account moves to the new BSN (the citizen keeps the inbox).
 * Each line is applied in its own transaction and is safe to apply again.
 */
export const CHANGE_KINDS = ['turned-14', 'deceased', 'bsn-changed'] as const;

export interface ChangesResult {
  rows: number;
  applied: Record<(typeof CHANGE_KINDS)[number], number>;
  unchanged: number;
  refused: RefusedRow[];
}

export async function applyPopulationChanges(input: { db: Db; keyring: Keyring; file: string; now: Date }): Promise<ChangesResult> {
  const { db, keyring } = input;
  const hashes = (bsn: string) => keyring.lookupHashes(bsn, 'bsn');
  const result: ChangesResult = { rows: 0, applied: { 'turned-14': 0, deceased: 0, 'bsn-changed': 0 }, unchanged: 0, refused: [] };
  const today = dutchDate(input.now);
  const record = (trx: Db, citizenId: string, name: string) =>
    accountsStore.insertProcessings(trx, [
      { traceId: newOperationId() + newOperationId(), operationId: newOperationId(), name, status: 1, startTime: input.now, endTime: input.now, activity: USAGE_ACTIVITY, subjectId: citizenId, actorId: null, loginId: null, detail: 'register change', clientAddress: null, userAgentClass: null, route: null },
    ]);

  for await (const { line, fields } of readRegisterFile(input.file, ['change', 'bsn'])) {
    result.rows++;
    const change = fields.change ?? '';
    const bsn = fields.bsn ?? '';
    const date = fields.date ?? '';
    const newBsn = fields.new_bsn ?? '';
    const refuse = (reason: string) => result.refused.push({ line, reason });
    if (!(CHANGE_KINDS as readonly string[]).includes(change)) {
      refuse(`unknown change "${change}" (expected ${CHANGE_KINDS.join(', ')})`);
      continue;
    }
    if (!isValidBsn(bsn)) {
      refuse('invalid BSN (eleven test)');
      continue;
    }
    const outcome = await db.transaction().execute(async (trx): Promise<'applied' | 'unchanged' | string> => {
      const citizenId = await accountsStore.findCitizenIdByBsnHash(trx, hashes(bsn));
      if (change === 'turned-14') {
        if (!isIsoDate(date)) return 'birth date is not YYYY-MM-DD';
        if (ageOn(date, today) < MINIMUM_AGE) return 'not 14 yet on that birth date';
        if (citizenId) return 'unchanged';
        const candidate = uuidv7();
        const inserted = await accountsStore.insertCitizen(trx, { citizenId: candidate, bsnHash: keyring.lookupHash(bsn, 'bsn'), bsnEncrypted: keyring.encryptText(bsn, fieldContext(candidate, 'bsn')), activatedAt: null });
        if (!inserted) return 'unchanged';
        await record(trx, candidate, 'account-created');
        return 'applied';
      }
      if (change === 'deceased') {
        if (!isIsoDate(date)) return 'date of death is not YYYY-MM-DD';
        if (!citizenId) return 'unchanged';
        if (!(await populationStore.markDeceased(trx, citizenId, new Date(`${date}T00:00:00Z`)))) return 'unchanged';
        await record(trx, citizenId, 'account-closed-deceased');
        return 'applied';
      }
      if (!isValidBsn(newBsn) || newBsn === bsn) return 'new BSN invalid (eleven test) or the same';
      const holder = await accountsStore.findCitizenIdByBsnHash(trx, hashes(newBsn));
      if (!citizenId) return holder ? 'unchanged' : 'no account for the old BSN';
      if (holder) return 'the new BSN already has another account';
      await populationStore.changeBsn(trx, { citizenId, oldHashes: hashes(bsn), newHash: keyring.lookupHash(newBsn, 'bsn'), bsnEncrypted: keyring.encryptText(newBsn, fieldContext(citizenId, 'bsn')) });
      await record(trx, citizenId, 'bsn-changed');
      return 'applied';
    });
    if (outcome === 'applied') result.applied[change as (typeof CHANGE_KINDS)[number]]++;
    else if (outcome === 'unchanged') result.unchanged++;
    else refuse(outcome);
  }
  return result;
}
