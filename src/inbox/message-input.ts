import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FormatRegistry } from '@sinclair/typebox/type';
import { isValidBsn } from '../identity/index.ts';
import { ASSURANCE_LEVELS } from '../identity/index.ts';
import { Problem } from '../platform/http/problem.ts';

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_BYTES = 100_000;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

// The same date-time rule Fastify's ajv-formats applies, for the per-item batch validator.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)));
}

const IsoDateTime = Type.String({ format: 'date-time', description: 'ISO 8601 date-time with time zone' });

export const AttachmentInputSchema = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\u0000-\\u001f]+$' }),
    contentType: Type.Literal('application/pdf'),
    content: Type.String({ minLength: 1, description: 'The file, base64-encoded' }),
  },
  { additionalProperties: false },
);

export const MessageInputSchema = Type.Object(
  {
    recipient: Type.Object({ bsn: Type.String({ pattern: '^[0-9]{9}$' }) }, { additionalProperties: false }),
    reference: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:/-]+$', description: 'Your idempotency key, unique per recipient' }),
    subject: Type.String({ minLength: 1, maxLength: MAX_SUBJECT_LENGTH }),
    body: Type.String({ minLength: 1, description: `Plain text, at most ${MAX_BODY_BYTES} bytes (UTF-8); no HTML is interpreted` }),
    attachments: Type.Optional(Type.Array(AttachmentInputSchema, { maxItems: MAX_ATTACHMENTS })),
    legalConsequence: Type.Optional(Type.Boolean({ description: 'A decision (beschikking) with legal consequences' })),
    requiredAssurance: Type.Optional(Type.Union(ASSURANCE_LEVELS.map((level) => Type.Literal(level)))),
    visibleFrom: Type.Optional(IsoDateTime),
    dueAt: Type.Optional(IsoDateTime),
    retainUntil: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false, $id: 'MessageInput' },
);
export type MessageInput = Static<typeof MessageInputSchema>;

const compiled = TypeCompiler.Compile(MessageInputSchema);

/** A message that passed every check, with decoded attachments and its content hash. */
export interface ValidMessage {
  input: MessageInput;
  attachments: { filename: string; contentType: string; bytes: Buffer; sha256: Buffer }[];
  contentHash: Buffer;
  visibleFrom: Date | null;
  dueAt: Date | null;
  retainUntil: Date | null;
}

function isPdf(bytes: Buffer): boolean {
  // A PDF starts with its header and ends with an end-of-file marker (within the last 1 KB).
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-' && bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF');
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

function parseDate(value: string | undefined, field: string, errors: { field: string; message: string }[]): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) errors.push({ field, message: 'must be an ISO 8601 date-time' });
  return date;
}

/** Checks one message fully; throws the Problem that says what is wrong. */
export function validateMessage(raw: unknown): ValidMessage {
  const errors = [...compiled.Errors(raw)].map((error) => ({ field: error.path.replace(/^\//, '').replace(/\//g, '.') || '(message)', message: error.message }));
  if (errors.length > 0) {
    const unique = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field) === i);
    throw new Problem(400, 'invalid-fields', 'Invalid fields', `${unique.length} field(s) are invalid: ${unique.map((e) => e.field).join(', ')}`, unique);
  }
  const input = raw as MessageInput;
  const fieldErrors: { field: string; message: string }[] = [];
  if (!isValidBsn(input.recipient.bsn)) fieldErrors.push({ field: 'recipient.bsn', message: 'is not a valid BSN (eleven test)' });
  const visibleFrom = parseDate(input.visibleFrom, 'visibleFrom', fieldErrors);
  const dueAt = parseDate(input.dueAt, 'dueAt', fieldErrors);
  const retainUntil = parseDate(input.retainUntil, 'retainUntil', fieldErrors);
  if (fieldErrors.length > 0) {
    throw new Problem(400, 'invalid-fields', 'Invalid fields', `${fieldErrors.length} field(s) are invalid: ${fieldErrors.map((e) => e.field).join(', ')}`, fieldErrors);
  }
  if (Buffer.byteLength(input.body) > MAX_BODY_BYTES) {
    throw new Problem(413, 'body-too-large', 'Body too large', `The body is ${Buffer.byteLength(input.body)} bytes; at most ${MAX_BODY_BYTES} are accepted.`);
  }
  const attachments = (input.attachments ?? []).map((attachment, index) => {
    // Node's decoder skips characters that are not base64; a round trip shows whether any were there.
    const bytes = Buffer.from(attachment.content, 'base64');
    if (bytes.toString('base64') !== attachment.content) {
      throw new Problem(400, 'invalid-fields', 'Invalid fields', `attachments.${index}.content is not base64`, [{ field: `attachments.${index}.content`, message: 'must be base64' }]);
    }
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new Problem(413, 'attachment-too-large', 'Attachment too large', `Attachment ${index} (${attachment.filename}) is ${bytes.length} bytes; at most ${MAX_ATTACHMENT_BYTES} are accepted.`);
    }
    if (!isPdf(bytes)) {
      throw new Problem(422, 'attachment-not-pdf', 'Attachment is not a PDF', `Attachment ${index} (${attachment.filename}) is not a PDF document by its content.`);
    }
    return { filename: attachment.filename, contentType: attachment.contentType, bytes, sha256: createHash('sha256').update(bytes).digest() };
  });
  return { input, attachments, contentHash: contentHashOf(input, attachments.map((a) => a.sha256)), visibleFrom, dueAt, retainUntil };
}
