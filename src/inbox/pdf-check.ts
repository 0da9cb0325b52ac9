import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

// PDF.js and its worker module take ~50 MB once loaded: only a process that receives a PDF
// (the API role) loads them, on the first attachment; the web and worker roles never do.
type Pdfjs = typeof PdfjsModule;
// A variable, not a literal: the worker module ships no type declarations.
const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
let pdfjs: Promise<Pdfjs> | null = null;
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    // PDF.js parses on the main thread in Node through its worker module.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(WORKER_MODULE);
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

export type PdfCheck = { ok: true; pages: number } | { ok: false; reason: string };

/**
 * Whether bytes are a PDF document: the header at the start, an end-of-file marker near the end,
 * and a document that Mozilla's PDF.js parses (cross-reference table, catalog, at least one page)
 * with error recovery off. A file that merely starts with `%PDF-` (an HTML page or a script with
 * a PDF header) does not pass. Nothing is rendered and no script in the file runs.
 */
export async function checkPdf(bytes: Buffer): Promise<PdfCheck> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, reason: 'it does not start with a PDF header' };
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF')) return { ok: false, reason: 'it has no PDF end-of-file marker' };
  const { getDocument } = await loadPdfjs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    stopAtErrors: true,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    if (document.numPages < 1) return { ok: false, reason: 'it has no pages' };
    await document.getPage(1);
    return { ok: true, pages: document.numPages };
  } catch {
    return { ok: false, reason: 'its structure cannot be parsed' };
  } finally {
    await task.destroy();
  }
}
