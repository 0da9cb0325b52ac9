import { notificationAttempts } from '../notifications/index.ts';
import type { AssuranceLevel } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { asAssuranceLevel, mayRead } from './assurance-check.ts';
import { inboxStore, type Folder } from './inbox-store.ts';
import { messageContext } from './message-crypto.ts';

export interface MessageServiceDeps {
  db: Db;
  keyring: Keyring;
  organisations: OrganisationRegistry;
  now: () => Date;
}

export interface NotificationAttempt {
  attempt: number;
  occurredAt: Date;
  outcome: string;
}

export interface OpenedMessage {
  id: string;
  sender: string;
  subject: string;
  body: string;
  folder: Folder;
  receivedAt: Date;
  dueAt: Date | null;
  legalConsequence: boolean;
  attachments: { position: number; filename: string; size: number }[];
  /** null: no notification mail has been made for this message yet. */
  notification: { attempts: NotificationAttempt[] } | null;
}

/** What opening a message gives: nothing (not this citizen's, or not visible), a step-up, or the message. */
export type OpenResult = { kind: 'not-found' } | { kind: 'step-up'; id: string; sender: string; required: AssuranceLevel } | { kind: 'message'; message: OpenedMessage };

export type AttachmentResult = { kind: 'not-found' } | { kind: 'step-up'; id: string; sender: string; required: AssuranceLevel } | { kind: 'file'; filename: string; contentType: string; bytes: Buffer };

export interface ActionInput {
  citizenId: string;
  messageId: string;
  level: AssuranceLevel;
  /** A representative's mandate limited to these organisations (R17): others are not found. */
  organisationIds?: readonly string[] | null;
}

/** What a folder action gives: nothing (not this citizen's), a step-up, or done. */
export type ActionResult = { kind: 'not-found' } | { kind: 'step-up'; id: string; sender: string; required: AssuranceLevel } | { kind: 'done' };

/**
 * One message of one citizen: opening (which marks it read), attachments and folder moves.
 * Every operation is bounded by the citizen's id: another citizen's message id is not found.
 */
export function createMessageService(deps: MessageServiceDeps) {
  const { db, keyring } = deps;

  async function find(citizenId: string, messageId: string, organisationIds?: readonly string[] | null) {
    const row = await inboxStore.findMessage(db, { citizenId, messageId, now: deps.now(), organisationIds });
    if (!row) return null;
    const sender = (await deps.organisations.get(row.organisation_id))?.name ?? '—';
    return { row, sender, context: messageContext(citizenId, messageId) };
  }

  async function notificationOf(citizenId: string, notificationId: string | null) {
    if (!notificationId) return null;
    return { attempts: await notificationAttempts(db, citizenId, notificationId) };
  }

  /**
   * Runs a change on one message only when the session may read it (R7): a message above the
   * session's level cannot be archived, deleted, restored or marked unread either.
   */
  async function act(input: ActionInput, change: () => Promise<boolean>): Promise<ActionResult> {
    const found = await find(input.citizenId, input.messageId, input.organisationIds);
    if (!found) return { kind: 'not-found' };
    if (!mayRead(input.level, found.row.required_assurance)) {
      return { kind: 'step-up', id: found.row.message_id, sender: found.sender, required: asAssuranceLevel(found.row.required_assurance) };
    }
    return (await change()) ? { kind: 'done' } : { kind: 'not-found' };
  }

  async function move(input: { citizenId: string; messageId: string; folder: Folder }): Promise<boolean> {
    return inboxStore.moveTo(db, { ...input, now: deps.now() });
  }

  return {
    /** Opens a message: readable only at its required level; a readable one is marked read. */
    async open(input: { citizenId: string; messageId: string; level: AssuranceLevel; organisationIds?: readonly string[] | null }): Promise<OpenResult> {
      const found = await find(input.citizenId, input.messageId, input.organisationIds);
      if (!found) return { kind: 'not-found' };
      const { row, sender, context } = found;
      if (!mayRead(input.level, row.required_assurance)) {
        return { kind: 'step-up', id: row.message_id, sender, required: asAssuranceLevel(row.required_assurance) };
      }
      if (row.read_at === null) await inboxStore.markRead(db, { citizenId: input.citizenId, messageId: input.messageId, at: deps.now() });
      const attachments = await inboxStore.listAttachments(db, input.citizenId, input.messageId);
      return {
        kind: 'message',
        message: {
          id: row.message_id,
          sender,
          subject: keyring.decryptText(row.subject_encrypted, `${context}:subject`),
          body: keyring.decryptText(row.body_encrypted, `${context}:body`),
          folder: row.folder,
          receivedAt: new Date(row.visible_from),
          dueAt: row.due_at ? new Date(row.due_at) : null,
          legalConsequence: row.legal_consequence,
          attachments: attachments.map((a) => ({
            position: a.position,
            filename: keyring.decryptText(a.filename_encrypted, `${context}:attachment:${a.position}:filename`),
            size: a.size,
          })),
          notification: await notificationOf(input.citizenId, row.notification_id),
        },
      };
    },

    /** One attachment's decrypted bytes, under the same ownership and level rules as the message. */
    async attachment(input: { citizenId: string; messageId: string; position: number; level: AssuranceLevel; organisationIds?: readonly string[] | null }): Promise<AttachmentResult> {
      const found = await find(input.citizenId, input.messageId, input.organisationIds);
      if (!found) return { kind: 'not-found' };
      const { row, sender, context } = found;
      if (!mayRead(input.level, row.required_assurance)) {
        return { kind: 'step-up', id: row.message_id, sender, required: asAssuranceLevel(row.required_assurance) };
      }
      const attachment = await inboxStore.findAttachment(db, input);
      if (!attachment) return { kind: 'not-found' };
      const attachmentContext = `${context}:attachment:${attachment.position}`;
      return {
        kind: 'file',
        filename: keyring.decryptText(attachment.filename_encrypted, `${attachmentContext}:filename`),
        contentType: attachment.content_type,
        bytes: keyring.decrypt(attachment.content_encrypted, attachmentContext),
      };
    },

    /** Marks a message unread again, under the same ownership and level rules as reading it. */
    markUnread: (input: ActionInput) => act(input, () => inboxStore.markUnread(db, { ...input, now: deps.now() })),
    /** Moves to the Archive. */
    archive: (input: ActionInput) => act(input, () => move({ ...input, folder: 'archive' })),
    /** Moves to the Bin (nothing is destroyed; retention decides that). */
    moveToBin: (input: ActionInput) => act(input, () => move({ ...input, folder: 'bin' })),
    /** Moves back to the Inbox. */
    restore: (input: ActionInput) => act(input, () => move({ ...input, folder: 'inbox' })),
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
