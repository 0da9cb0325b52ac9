import { v7 as uuidv7 } from 'uuid';
import type { Accounts } from '../identity/index.ts';
import type { Organisation } from '../organisations/index.ts';
import { enqueueNotifications } from '../notifications/index.ts';
import { spreadNotification } from './delivery-admission.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { pooledRandomBytes } from '../platform/crypto/random-pool.ts';
import type { Db } from '../platform/db/database.ts';
import { Problem } from '../platform/http/problem.ts';
import { deliveryStore, type NewMessageRow } from './delivery-store.ts';
import { messageContext } from './message-crypto.ts';
import { preferencesStore } from './preferences-store.ts';
import { acceptanceOf, type Acceptance } from './recipient-acceptance.ts';
import { validateMessage, type ValidMessage } from './message-input.ts';
import { packProof, unpackProof, type ReceiptProof } from './receipt-verification.ts';
import type { ReceiptSigner } from './receipts.ts';

/** Batch work is CPU-bound: pausing between slices lets citizens' page requests interleave. */
const YIELD_EVERY = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface DeliveryResult {
  id: string;
  reference: string;
  deliveredAt: string;
  /** Compact JWS over the batch's Merkle root. */
  receipt: string;
  receiptProof: ReceiptProof;
}

export type DeliveryOutcome = { status: 200 | 201; result: DeliveryResult } | { status: number; problem: Problem };

export interface DeliveryDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  signer: ReceiptSigner;
  now: () => Date;
  /** How long a notification waits for more messages to the same citizen. */
  notificationDelayMs: number;
}

interface Resolved {
  index: number;
  message: ValidMessage;
  citizenId: string;
}

/**
 * Delivers messages from one organisation (R6): validates each, resolves recipients, and stores
 * all valid ones with their attachments, receipts and notification jobs in one transaction, with
 * one insert per table. The reference is idempotent per recipient: the same content
 * again returns the original (200), other content is refused (409), and concurrent retries yield
 * exactly one message. A refused item stores nothing.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { db, keyring, accounts, signer } = deps;

  /** The acceptance of each BSN for this sender (R9), from the one recipient resolution. */
  async function acceptances(organisation: Organisation, bsns: string[]): Promise<Map<string, Acceptance>> {
    const recipients = await accounts.resolveRecipients({ bsns, createMissing: false });
    const citizenIds = [...recipients.values()].flatMap((recipient) => (recipient.kind === 'account' ? [recipient.citizenId] : []));
    const preferences = organisation.mandatoryChannel || citizenIds.length === 0 ? new Map<string, boolean>() : await preferencesStore.allowedByCitizen(db, organisation.organisationId, citizenIds);
    return new Map(
      bsns.map((bsn) => {
        const recipient = recipients.get(bsn);
        return [bsn, acceptanceOf(organisation, recipient, recipient?.kind === 'account' ? preferences.get(recipient.citizenId) : undefined)];
      }),
    );
  }

  async function resolveRecipients(organisation: Organisation, items: { index: number; message: ValidMessage }[], outcomes: DeliveryOutcome[]) {
    if (items.length === 0) return [];
    const bsns = [...new Set(items.map((item) => item.message.input.recipient.bsn))];
    const accepted = await acceptances(organisation, bsns);
    // A mandatory channel may deliver before the first login: the account then waits, not activated (R2).
    // Only recipients whose items will be delivered get one, so a refused item creates nothing.
    const toCreate = bsns.filter((bsn) => {
      const acceptance = accepted.get(bsn);
      return acceptance?.accepted === true && acceptance.citizenId === null;
    });
    const created = new Map<string, string>();
    if (toCreate.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const bsn of toCreate) created.set(bsn, await accounts.ensureAccount(trx, bsn));
      });
    }
    const resolved: Resolved[] = [];
    for (const item of items) {
      const bsn = item.message.input.recipient.bsn;
      const acceptance = accepted.get(bsn);
      const citizenId = acceptance?.accepted ? (acceptance.citizenId ?? created.get(bsn)) : undefined;
      if (citizenId) resolved.push({ ...item, citizenId });
      else {
        const problem = acceptance && !acceptance.accepted ? acceptance.problem : new Problem(500, 'internal-error', 'Internal error', 'The recipient could not be resolved. Nothing was stored for this item; it is safe to retry.');
        outcomes[item.index] = { status: problem.status, problem };
      }
    }
    return resolved;
  }

  async function validateAll(rawItems: unknown[], outcomes: DeliveryOutcome[]) {
    const valid: { index: number; message: ValidMessage }[] = [];
    for (const [index, raw] of rawItems.entries()) {
      if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
      try {
        valid.push({ index, message: await validateMessage(raw) });
      } catch (error) {
        // One item's failure is that item's answer; the others go on.
        const problem = error instanceof Problem ? error : new Problem(500, 'internal-error', 'Internal error', 'This item could not be checked. Nothing was stored for it; it is safe to retry.');
        outcomes[index] = { status: problem.status, problem };
      }
    }
    return valid;
  }

  return {
    /** Delivers each raw item; returns one outcome per item, in order. */
    acceptances,

    async deliver(organisation: Organisation, rawItems: unknown[], options: { notifyUntil?: Date | null } = {}): Promise<DeliveryOutcome[]> {
      const outcomes: DeliveryOutcome[] = new Array(rawItems.length);
      const valid = await validateAll(rawItems, outcomes);
      const resolved = await resolveRecipients(organisation, valid, outcomes);
      if (resolved.length === 0) return outcomes;

      const deliveredAt = deps.now();
      const deliveredAtIso = deliveredAt.toISOString();
      const messageIds = resolved.map(() => uuidv7({ msecs: deliveredAt.getTime(), random: pooledRandomBytes(16) }));
      const batchId = uuidv7({ msecs: deliveredAt.getTime() });
      const { jws, proofs } = signer.signBatch({
        oin: organisation.oin,
        deliveredAt: deliveredAtIso,
        leaves: resolved.map((item, index) => ({
          mid: messageIds[index] ?? '',
          ref: item.message.input.reference,
          oin: organisation.oin,
          sha256: item.message.contentHash.toString('base64url'),
          deliveredAt: deliveredAtIso,
        })),
      });
      const rows: { item: Resolved; proof: Buffer[]; row: NewMessageRow & { content_hash: Buffer; receipt_proof: Buffer; visible_from: Date } }[] = [];
      for (const [index, item] of resolved.entries()) {
        if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
        const messageId = messageIds[index] ?? '';
        const { input } = item.message;
        const context = messageContext(item.citizenId, messageId);
        rows.push({
          item,
          proof: proofs[index] ?? [],
          row: {
            citizen_id: item.citizenId,
            message_id: messageId,
            organisation_id: organisation.organisationId,
            reference: input.reference,
            content_hash: item.message.contentHash,
            subject_encrypted: keyring.encryptText(input.subject, `${context}:subject`),
            body_encrypted: keyring.encryptText(input.body, `${context}:body`),
            legal_consequence: input.legalConsequence ?? false,
            required_assurance: input.requiredAssurance ?? 'basis',
            visible_from: item.message.visibleFrom ?? deliveredAt,
            due_at: item.message.dueAt,
            retain_until: item.message.retainUntil,
            delivered_at: deliveredAt,
            receipt_batch_id: batchId,
            receipt_index: index,
            receipt_proof: packProof(proofs[index] ?? []),
          },
        });
      }

      await db.transaction().execute(async (trx) => {
        await deliveryStore.insertReceiptBatch(trx, { batch_id: batchId, organisation_id: organisation.organisationId, jws, created_at: deliveredAt });
        const insertedIds = await deliveryStore.insertNewMessages(trx, rows.map((r) => r.row));
        const fresh = rows.filter((r) => insertedIds.has(r.row.message_id));
        const attachments = fresh.flatMap((r) =>
          r.item.message.attachments.map((attachment, position) => {
            const context = `${messageContext(r.row.citizen_id, r.row.message_id)}:attachment:${position}`;
            return {
              citizen_id: r.row.citizen_id,
              message_id: r.row.message_id,
              position,
              filename_encrypted: keyring.encryptText(attachment.filename, `${context}:filename`),
              content_type: attachment.contentType,
              size: attachment.bytes.length,
              sha256: attachment.sha256,
              content_encrypted: keyring.encrypt(attachment.bytes, context),
            };
          }),
        );
        await deliveryStore.insertAttachments(trx, attachments);
        // One pending notification per citizen: messages arriving close together share one mail (R10).
        const firstVisible = new Map<string, Date>();
        for (const r of fresh) {
          const earliest = new Date(Math.max(r.row.visible_from.getTime(), deliveredAt.getTime() + deps.notificationDelayMs));
          // A wave's mails are spread over its window (R27), so the mail server and citizens are not flooded at once.
          const visible = spreadNotification({ citizenId: r.row.citizen_id, earliest, notifyUntil: options.notifyUntil ?? null });
          const earlier = firstVisible.get(r.row.citizen_id);
          if (!earlier || visible < earlier) firstVisible.set(r.row.citizen_id, visible);
        }
        await enqueueNotifications(
          trx,
          [...firstVisible].map(([citizenId, notBefore]) => ({ citizenId, notBefore })),
          deliveredAt,
        );
        for (const r of fresh) {
          outcomes[r.item.index] = {
            status: 201,
            result: { id: r.row.message_id, reference: r.row.reference, deliveredAt: deliveredAtIso, receipt: jws, receiptProof: unpackProof(r.row.receipt_index, r.row.receipt_proof) },
          };
        }
        // Retries of a known reference: the original with the same content, else a conflict.
        const repeats = rows.filter((r) => !insertedIds.has(r.row.message_id));
        if (repeats.length > 0) {
          const originals = await deliveryStore.findOriginals(
            trx,
            organisation.organisationId,
            repeats.map((r) => ({ citizenId: r.row.citizen_id, reference: r.row.reference })),
          );
          for (const r of repeats) {
            const original = originals.find((o) => o.citizen_id === r.row.citizen_id && o.reference === r.row.reference);
            if (original && Buffer.from(original.content_hash).equals(r.row.content_hash)) {
              outcomes[r.item.index] = {
                status: 200,
                result: {
                  id: original.message_id,
                  reference: original.reference,
                  deliveredAt: new Date(original.delivered_at).toISOString(),
                  receipt: original.jws,
                  receiptProof: unpackProof(original.receipt_index, original.receipt_proof),
                },
              };
            } else {
              outcomes[r.item.index] = {
                status: 409,
                problem: new Problem(409, 'reference-conflict', 'Reference already used', `Reference "${r.row.reference}" was already used for this recipient with other content.`),
              };
            }
          }
        }
      });
      return outcomes;
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
