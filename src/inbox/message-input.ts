import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { isValidBsn } from '../identity/index.ts';
import { ASSURANCE_LEVELS } from '../identity/index.ts';
import { DateTime, MultiLine, parseDateTime, SINGLE_LINE_PATTERN, SingleLine } from '../platform/http/api-schema.ts';
import { createChecker, invalidFields, type FieldError } from '../platform/http/api-validation.ts';
import { Problem } from '../platform/http/problem.ts';
import { checkPdf } from './pdf-check.ts';

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_BYTES = 100_000;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
/** All attachments of one message together; bounds the largest valid request (see the README). */
export const MAX_TOTAL_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

// A file name: one line, no path separators and no bidirectional controls that disguise the extension.
const FILENAME_PATTERN = SINGLE_LINE_PATTERN.replace('\\u2028\\u2029', '\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069/\\\\');

export const AttachmentInputSchema = Type.Object(
  {
    filename: Type.String({ minLength: 5, maxLength: 200, pattern: FILENAME_PATTERN, description: 'Shown to the citizen; must end in .pdf (no path separators or control characters)' }),
    contentType: Type.Literal('application/pdf'),
    content: Type.String({ minLength: 4, maxLength: base64Length(MAX_ATTACHMENT_BYTES), pattern: '^[A-Za-z0-9+/]*={0,2}$', description: `The PDF file, base64-encoded; at most ${MAX_ATTACHMENT_BYTES} bytes decoded, and it must parse as a PDF` }),
  },
  { additionalProperties: false },
);

export const MessageInputSchema = Type.Object(
  {
    recipient: Type.Object({ bsn: Type.String({ pattern: '^[0-9]{9}$', description: 'BSN; must pass the eleven test' }) }, { additionalProperties: false }),
    reference: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:/-]+$', description: 'Your idempotency key, unique per recipient' }),
    subject: SingleLine({ maxLength: MAX_SUBJECT_LENGTH }),
    body: MultiLine({ maxLength: MAX_BODY_BYTES, description: `Plain text, at most ${MAX_BODY_BYTES} bytes (UTF-8); no HTML is interpreted` }),
    attachments: Type.Optional(Type.Array(AttachmentInputSchema, { maxItems: MAX_ATTACHMENTS, description: `PDF files, together at most ${MAX_TOTAL_ATTACHMENT_BYTES} bytes` })),
    legalConsequence: Type.Optional(Type.Boolean({ description: 'A decision (beschikking) with legal consequences' })),
    requiredAssurance: Type.Optional(Type.Union(ASSURANCE_LEVELS.map((level) => Type.Literal(level)), { description: 'The eID level the citizen needs to open the message' })),
    visibleFrom: Type.Optional(DateTime({ description: 'Shown to the citizen from this moment' })),
    dueAt: Type.Optional(DateTime({ description: 'Deadline for the citizen' })),
    retainUntil: Type.Optional(DateTime({ description: 'Kept at least until' })),
  },
  {
    additionalProperties: false,
    $id: 'MessageInput',
    examples: [
      {
        recipient: { bsn: '999990007' },
        reference: 'aanslag-2027-000123',
        subject: 'Voorlopige aanslag 2027',
        body: 'Geachte mevrouw De Vries,\n\nUw voorlopige aanslag staat klaar.',
        legalConsequence: true,
        requiredAssurance: 'substantieel',
        dueAt: '2027-03-01T00:00:00+01:00',
      },
    ],
  },
);
export type MessageInput = Static<typeof MessageInputSchema>;

/** The one check of a message's shape, shared by the single endpoint (as its route schema) and batch items. */
const checkShape = createChecker(MessageInputSchema);

/** A message that passed every check, with decoded attachments and its content hash. */
export interface ValidMessage {
  input: MessageInput;
  attachments: { filename: string; contentType: string; bytes: Buffer; sha256: Buffer }[];
  contentHash: Buffer;
  visibleFrom: Date | null;
  dueAt: Date | null;
  retainUntil: Date | null;
}

/**
 * The canonical content a receipt and an idempotent retry refer to: every field but the
 * reference, attachments by hash. Keys are sorted so the hash is reproducible by the sender.
 */
export function contentHashOf(input: MessageInput, attachmentHashes: Buffer[]): Buffer {
  const canonical = {
    attachments: (input.attachments ?? []).map((a, i) => ({ contentType: a.contentType, filename: a.filename, sha256: attachmentHashes[i]?.toString('hex') })),
    body: input.body,
    dueAt: input.dueAt ?? null,
    legalConsequence: input.legalConsequence ?? false,
    recipientBsn: input.recipient.bsn,
    requiredAssurance: input.requiredAssurance ?? 'basis',
    retainUntil: input.retainUntil ?? null,
    subject: input.subject,
    visibleFrom: input.visibleFrom ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest();
}

/**
 * Decodes base64 that the schema pattern has limited to the alphabet with trailing padding; null
 * unless it is exactly what encoding the bytes again would give (whole quanta, unused bits zero).
 * Only the last quantum can differ, so only that is encoded again, not the whole file.
 */
export function decodeCanonicalBase64(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== (text.length / 4) * 3 - padding) return null;
  return bytes.subarray(bytes.length - (3 - padding)).toString('base64') === text.slice(-4) ? bytes : null;
}

/**
 * Checks one message fully: its shape (the schema), the BSN's eleven test, the sizes and each
 * attachment (a PDF named *.pdf that parses). Throws the Problem that says what is wrong.
 */
export async function validateMessage(raw: unknown): Promise<ValidMessage> {
  const input = checkShape(raw);
  const fieldErrors: FieldError[] = [];
  if (!isValidBsn(input.recipient.bsn)) fieldErrors.push({ field: 'recipient.bsn', message: 'is not a valid BSN (eleven test)' });
  if (Buffer.byteLength(input.body) > MAX_BODY_BYTES) fieldErrors.push({ field: 'body', message: `must be at most ${MAX_BODY_BYTES} bytes (UTF-8)` });
  if (fieldErrors.length > 0) throw invalidFields(fieldErrors);
  const attachments: ValidMessage['attachments'] = [];
  let total = 0;
  for (const [index, attachment] of (input.attachments ?? []).entries()) {
    const bytes = decodeCanonicalBase64(attachment.content);
    if (!bytes) throw invalidFields([{ field: `attachments.${index}.content`, message: 'must be base64' }]);
    total += bytes.length;
    if (bytes.length > MAX_ATTACHMENT_BYTES || total > MAX_TOTAL_ATTACHMENT_BYTES) {
      throw invalidFields([{ field: `attachments.${index}.content`, message: `is too large: at most ${MAX_ATTACHMENT_BYTES} bytes per file and ${MAX_TOTAL_ATTACHMENT_BYTES} per message` }]);
    }
    if (!/\.pdf$/i.test(attachment.filename)) {
      throw new Problem(422, 'attachment-not-pdf', 'Attachment is not a PDF', `Attachment ${index} is not named *.pdf; only PDF documents with a .pdf name are accepted.`);
    }
    const pdf = await checkPdf(bytes);
    if (!pdf.ok) throw new Problem(422, 'attachment-not-pdf', 'Attachment is not a PDF', `Attachment ${index} is not a PDF document: ${pdf.reason}.`);
    attachments.push({ filename: attachment.filename, contentType: 'application/pdf', bytes, sha256: createHash('sha256').update(bytes).digest() });
  }
  return {
    input,
    attachments,
    contentHash: contentHashOf(input, attachments.map((a) => a.sha256)),
    visibleFrom: input.visibleFrom === undefined ? null : parseDateTime(input.visibleFrom),
    dueAt: input.dueAt === undefined ? null : parseDateTime(input.dueAt),
    retainUntil: input.retainUntil === undefined ? null : parseDateTime(input.retainUntil),
  };
}
