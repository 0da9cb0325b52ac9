import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/** The text of every page of a PDF, as PDF.js reads it (pages joined by a newline). */
export async function pdfText(bytes: Buffer): Promise<string> {
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import(WORKER_MODULE);
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await task.destroy();
  return pages.join('\n');
}
