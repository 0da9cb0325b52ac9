import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { issueCertificate, type PemPair } from '../src/organisations/index.ts';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

export interface ClientCredentials {
  cert?: string;
  key?: string;
  bearer?: string;
}

/** An HTTPS request to the organisation API with an optional client certificate. */
export function apiRequest(input: { baseUrl: string; ca: string; method?: string; path: string; body?: unknown; rawBody?: string; credentials?: ClientCredentials }): Promise<ApiResponse> {
  const url = new URL(input.path, input.baseUrl);
  const payload = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: input.method ?? (payload ? 'POST' : 'GET'),
        ca: input.ca,
        cert: input.credentials?.cert,
        key: input.credentials?.key,
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(input.credentials?.bearer ? { authorization: `Bearer ${input.credentials.bearer}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text });
        });
      },
    );
    request.on('error', reject);
    if (payload) request.write(payload);
    request.end();
  });
}

/** The development CA the test portal made, to issue client certificates from. */
export function readDevCa(devCaDir: string): PemPair {
  return { cert: fs.readFileSync(path.join(devCaDir, 'ca.pem'), 'utf8'), key: fs.readFileSync(path.join(devCaDir, 'ca-key.pem'), 'utf8') };
}

/** A client certificate for an OIN, issued by the given CA. */
export async function clientCertificate(ca: PemPair, oin: string, name = 'Test organisatie', validity?: { notBefore: Date; notAfter: Date }) {
  return issueCertificate(ca, { kind: 'client', oin, name, ...(validity ?? {}) });
}

/** A minimal but real PDF document. */
export function samplePdf(text = 'Aanslag'): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
