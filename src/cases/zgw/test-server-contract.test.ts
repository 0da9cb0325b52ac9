import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZgwTestServer } from './test-server.ts';
import { zgwToken } from './zgw-jwt.ts';

// The published contracts; the test server must answer in exactly these shapes.
const SPECS = process.env.ZGW_SPECS_DIR ?? '/work/shared/specs';
const CLIENT = { id: 'contract', secret: 'contract-test-secret-0123456789' };

type OpenApi = { components: { schemas: Record<string, unknown> } };
type Node = Record<string, unknown>;

// OpenAPI 3.0 to JSON Schema for validating responses: `nullable` admits null, and write-only
// properties (like an abonnement's auth) are never in a response, so not required there.
function forResponses(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forResponses);
  if (!value || typeof value !== 'object') return value;
  const node: Node = Object.fromEntries(Object.entries(value as Node).map(([key, child]) => [key, forResponses(child)]));
  const properties = node.properties as Record<string, Node> | undefined;
  if (Array.isArray(node.required) && properties) node.required = (node.required as string[]).filter((name) => properties[name]?.writeOnly !== true);
  const discriminator = node.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
  if (discriminator?.mapping) {
    // The discriminator picks the one schema (Ajv does not support `mapping`).
    const { propertyName, mapping } = discriminator;
    delete node.oneOf;
    delete node.discriminator;
    node.required = [propertyName];
    node.allOf = Object.entries(mapping).map(([value, ref]) => ({ if: { properties: { [propertyName]: { const: value } } }, then: { $ref: ref } }));
  }
  if (node.nullable !== true) return node;
  delete node.nullable;
  return { anyOf: [node, { type: 'null' }] };
}
const ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
addFormats.default(ajv);
for (const [api, file] of [['zrc', 'zgw-zaken-api.yaml'], ['ztc', 'zgw-catalogi-api.yaml'], ['nrc', 'zgw-notificaties-api.yaml']] as const) {
  const spec = parse(fs.readFileSync(path.join(SPECS, file), 'utf8')) as OpenApi;
  // Each spec's component refs become absolute refs into one schema document per API.
  const text = JSON.stringify({ $id: api, components: forResponses(spec.components) }).replaceAll('"#/components/', `"${api}#/components/`);
  ajv.addSchema(JSON.parse(text) as AnySchema);
}
const validate = (ref: string, value: unknown) => {
  const check = ajv.getSchema(ref);
  if (!check) throw new Error(`no schema ${ref}`);
  const ok = check(value);
  return ok ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
};

let server: ZgwTestServer;
let zaakUrl: string;
let zaaktypeUrl: string;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${await zgwToken(CLIENT.id, CLIENT.secret)}`, 'accept-crs': 'EPSG:4326', ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

beforeAll(async () => {
  server = await ZgwTestServer.start({ clients: { [CLIENT.id]: CLIENT.secret } });
  const type = server.data.addZaaktype({ identificatie: 'KAP', omschrijving: 'Kapvergunning', statustypen: ['Ontvangen', 'In behandeling', 'Besluit genomen'] });
  zaaktypeUrl = type.url;
  const zaak = server.data.createZaak({ zaaktype: type.url, identificatie: 'ZAAK-1', omschrijving: 'Aanvraag kapvergunning', startdatum: '2025-05-01', einddatumGepland: '2025-06-01' });
  zaakUrl = `${server.zakenUrl}/zaken/${zaak.uuid}`;
  server.data.addRol({ zaak: zaak.uuid, bsn: '999990007' });
  for (const [index, statustype] of type.statustypen.entries()) server.data.addStatus({ zaak: zaak.uuid, statustype, datumStatusGezet: `2025-05-0${index + 1}T10:00:00Z` });
});
afterAll(async () => {
  await server.close();
});

describe('ZGW test server follows the published contracts', () => {
  it('R11: zaak, statussen, rollen, zaaktype and statustypen validate against the Zaken and Catalogi API schemas', async () => {
    const zaak = await get(zaakUrl);
    expect(zaak.headers.get('content-crs')).toBe('EPSG:4326');
    expect(validate('zrc#/components/schemas/Zaak', zaak.body)).toEqual([]);
    // The check is not vacuous: a zaak without uuid and with a non-URL status fails it.
    expect(validate('zrc#/components/schemas/Zaak', { ...zaak.body, uuid: undefined, status: 5 }).length).toBeGreaterThan(0);
    const statussen = await get(`${server.zakenUrl}/statussen?zaak=${encodeURIComponent(zaakUrl)}`);
    expect(validate('zrc#/components/schemas/PaginatedStatusList', statussen.body)).toEqual([]);
    for (const status of statussen.body.results as unknown[]) expect(validate('zrc#/components/schemas/Status', status)).toEqual([]);
    const rollen = await get(`${server.zakenUrl}/rollen?zaak=${encodeURIComponent(zaakUrl)}&betrokkeneType=natuurlijk_persoon`);
    expect(validate('zrc#/components/schemas/PaginatedRolList', rollen.body)).toEqual([]);
    expect(rollen.body.count).toBe(1);
    for (const rol of rollen.body.results as unknown[]) expect(validate('zrc#/components/schemas/natuurlijk_persoon_RolSerializer', rol)).toEqual([]);
    expect(validate('ztc#/components/schemas/ZaakType', (await get(zaaktypeUrl)).body)).toEqual([]);
    const statustypen = await get(`${server.catalogiUrl}/statustypen?zaaktype=${encodeURIComponent(zaaktypeUrl)}`);
    expect(validate('ztc#/components/schemas/PaginatedStatusTypeList', statustypen.body)).toEqual([]);
    for (const type of statustypen.body.results as unknown[]) expect(validate('ztc#/components/schemas/StatusType', type)).toEqual([]);
  });

  it('R11: lists paginate with count/next/previous/results and pageSize', async () => {
    const first = await get(`${server.zakenUrl}/statussen?zaak=${encodeURIComponent(zaakUrl)}&pageSize=2`);
    expect(first.body).toMatchObject({ count: 3, previous: null });
    expect((first.body.results as unknown[]).length).toBe(2);
    const second = await get(String(first.body.next));
    expect(second.body).toMatchObject({ count: 3, next: null });
    expect((second.body.results as unknown[]).length).toBe(1);
    expect(second.body.previous).toContain('page=1');
    expect((await get(`${server.zakenUrl}/statussen?page=9`)).status).toBe(404);
  });

  it('R11: refusals use the Fout shape: no token 401, no Accept-Crs 412, unknown 404', async () => {
    const anonymous = await fetch(zaakUrl);
    expect(anonymous.status).toBe(401);
    expect(validate('zrc#/components/schemas/Fout', await anonymous.json())).toEqual([]);
    const noCrs = await get(zaakUrl, { 'accept-crs': '' });
    expect(noCrs.status).toBe(412);
    expect(validate('zrc#/components/schemas/Fout', noCrs.body)).toEqual([]);
    const unknown = await get(`${server.zakenUrl}/zaken/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(validate('zrc#/components/schemas/Fout', unknown.body)).toEqual([]);
  });

  it('R11: a published notification and the abonnement listing follow the Notificaties API schemas', async () => {
    const received: unknown[] = [];
    const http = await import('node:http');
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ auth: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    const token = await zgwToken(CLIENT.id, CLIENT.secret);
    const created = await fetch(`${server.notificatiesUrl}/abonnement`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ callbackUrl: `http://127.0.0.1:${port}/cb`, auth: 'Bearer geheim', kanalen: [{ naam: 'zaken', filters: {} }] }),
    });
    expect(created.status).toBe(201);
    expect(validate('nrc#/components/schemas/Abonnement', await created.json())).toEqual([]);
    server.publish('status', `${server.zakenUrl}/statussen/x`, zaakUrl.split('/').pop()!, 'create');
    await server.notificaties.settled();
    receiver.close();
    // First the check of the callback URL, then the notification itself, each with the abonnement's auth.
    expect(received).toHaveLength(2);
    for (const item of received as { auth: string; body: unknown }[]) {
      expect(item.auth).toBe('Bearer geheim');
      expect(validate('nrc#/components/schemas/Message', item.body)).toEqual([]);
    }
  });
});
