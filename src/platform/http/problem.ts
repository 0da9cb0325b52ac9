import { Type } from '@sinclair/typebox';

const ProblemProperties = {
  type: Type.String({ description: 'A URN naming the kind of problem, stable across versions (urn:burgerportaal:problem:…)' }),
  title: Type.String({ description: 'A short summary of the kind of problem' }),
  status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status code' }),
  detail: Type.String({ description: 'What went wrong in this occurrence, readable by a person' }),
  instance: Type.Optional(Type.String({ description: 'This occurrence: urn:uuid:<correlation id>, the id under which the server logged it' })),
  errors: Type.Optional(
    Type.Array(Type.Object({ field: Type.String({ description: 'Dotted path of the field in the request' }), message: Type.String() }, { additionalProperties: false }), {
      description: 'For invalid-fields: every invalid field',
    }),
  ),
};

/** The JSON Schema of a problem document (RFC 9457), registered once on the API server as `Problem`. */
export const ProblemSchema = Type.Object(ProblemProperties, { $id: 'Problem', additionalProperties: false });

/** The same shape without an id, for places that inline it (a batch item's problem, response content). */
export const InlineProblemSchema = Type.Object(ProblemProperties, { title: 'Problem', additionalProperties: false });

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** What each problem status means, as the OpenAPI document describes it. */
export const PROBLEM_STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid fields or a malformed request (problem+json; `errors` lists every invalid field)',
  401: 'Not authenticated: no valid client certificate',
  403: 'Unknown or blocked organisation, or a capability this organisation lacks',
  404: 'Not found (also for another organisation\'s resources)',
  409: 'Conflict with an earlier request',
  413: 'The request body or a field is larger than this endpoint accepts',
  414: 'The URI is longer than the server accepts',
  415: 'The request body is not application/json',
  422: 'Understood but refused (e.g. the recipient does not accept messages, an attachment is not a PDF)',
  429: 'Too many requests or concurrent batches for this organisation; retry after the Retry-After header',
  431: 'Request header fields too large',
  500: 'Internal error; nothing was stored and the request may be retried',
  503: 'A register or the service is unavailable; retry after the Retry-After header',
};

/** A Fastify response entry whose body is JSON of this schema (route schemas of the organisation API). */
export const JsonContent = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** Fastify response entries for these problem statuses: problem+json with the Problem shape. */
export function problemResponses(statuses: number[]): Record<number, { description: string; content: Record<string, { schema: typeof InlineProblemSchema }> }> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: PROBLEM_STATUS_DESCRIPTIONS[status] ?? 'Problem', content: { [PROBLEM_MEDIA_TYPE]: { schema: InlineProblemSchema } } }]),
  );
}

/** An RFC 9457 problem: a stable type per kind of refusal and a readable detail. */
export class Problem extends Error {
  readonly retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: { field: string; message: string }[],
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get type(): string {
    return `urn:burgerportaal:problem:${this.slug}`;
  }

  toJSON(instance?: string) {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
