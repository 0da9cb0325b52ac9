/** An error with a known meaning for the citizen-facing pages. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly kind: 'csrf' | 'login' | 'not-found' | 'bad-request' | 'rate-limit',
    message?: string,
  ) {
    super(message ?? kind);
  }
}
