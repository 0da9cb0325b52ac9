const SERVABLE_TYPES = new Set(['application/pdf']);

/**
 * A Content-Disposition that always downloads: an ASCII fallback filename (quoted, no quotes,
 * backslashes or control characters) and the exact name as RFC 5987 `filename*`.
 */
export function contentDisposition(filename: string): string {
  const fallback =
    filename
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._ ()-]/g, '_')
      .trim() || 'bijlage.pdf';
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The Content-Type to serve: the stored type when it is one we accept, else opaque bytes. */
export function servedContentType(stored: string): string {
  return SERVABLE_TYPES.has(stored) ? stored : 'application/octet-stream';
}
