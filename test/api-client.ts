import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { issueCertificate, type PemPair } from '../src/organisations/index.ts';
import { createContract, type ContractDocument } from './openapi-contract.ts';

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

type RequestInput = { baseUrl: string; ca: string; method?: string; path: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; credentials?: ClientCredentials };

const contracts = new Map<string, Promise<ReturnType<typeof createContract>>>();

/** The contract of the API at this address, from its own OpenAPI document (fetched once). */
export function contractOf(baseUrl: string, ca: string, credentials?: ClientCredentials): Promise<ReturnType<typeof createContract>> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = rawApiRequest({ baseUrl, ca, path: '/api/v1/openapi.json', credentials }).then((response) => createContract(response.body as ContractDocument));
    contracts.set(baseUrl, contract);
  }
  return contract;
}

/**
 * An HTTPS request to the organisation API with an optional client certificate. Every answer is
 * checked against the API's OpenAPI document (status, media type, headers, body shape): an answer
 * the document does not describe fails the test that caused it.
 */
export async function apiRequest(input: RequestInput): Promise<ApiResponse> {
  const response = await rawApiRequest(input);
  const failures = (await contractOf(input.baseUrl, input.ca, input.credentials)).check(input.method ?? (input.rawBody ?? input.body !== undefined ? 'POST' : 'GET'), input.path, response);
  if (failures.length > 0) throw new Error(`The API answered outside its OpenAPI document:\n${failures.join('\n')}\n${response.text.slice(0, 500)}`);
  return response;
}

/** The same request without the contract check. */
export function rawApiRequest(input: RequestInput): Promise<ApiResponse> {
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
          ...input.headers,
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
