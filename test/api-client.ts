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

export { samplePdf } from '../src/dev/sample-pdf.ts';
