/**
 * The name an attachment is served under: always ending in `.pdf`, because the API accepts only
 * PDF documents; a name stored before that rule (e.g. `aanslag.pdf.cmd`) gets `.pdf` appended.
 */
export function pdfFilename(filename: string): string {
  return /\.pdf$/i.test(filename) ? filename : `${filename}.pdf`;
}

/**
 * A Content-Disposition that always downloads a `.pdf`: an ASCII fallback filename (quoted, no
 * quotes, backslashes or control characters) and the exact name as RFC 5987 `filename*`.
 */
export function contentDisposition(filename: string): string {
  const name = pdfFilename(filename);
  const fallback = pdfFilename(
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._ ()-]/g, '_')
      .trim() || 'bijlage.pdf',
  );
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Every attachment is served as a PDF: the API accepts nothing else (checked by parsing at delivery). */
export const ATTACHMENT_CONTENT_TYPE = 'application/pdf';
