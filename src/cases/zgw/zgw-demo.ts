import { randomBytes } from 'node:crypto';
import type { ZgwSource } from '../../config.ts';
import type { OrganisationRegistry } from '../../organisations/index.ts';
import { addDemoZaken } from './demo-zaken.ts';
import { ZgwTestServer } from './test-server.ts';

// The demo zaken belong to Johanna de Vries, who lives in Amsterdam: her own municipality.
export const DEMO_ZGW_OIN = '00000001002564440000';
const DEMO_ZGW_NAME = 'Gemeente Amsterdam';

/**
 * Development only: a ZGW test server with demo zaken, configured as a source for a demo
 * municipality (registered when missing). announce() makes the server publish a notification per
 * demo zaak, as if each was just changed, so the portal picks them up through the real callback.
 */
export async function startZgwDemo(deps: { organisations: OrganisationRegistry; now: () => Date }) {
  const clientId = 'burgerportaal-demo';
  const secret = randomBytes(24).toString('base64url');
  const server = await ZgwTestServer.start({ clients: { [clientId]: secret } });
  const zaken = addDemoZaken(server, deps.now());
  if (!(await deps.organisations.findByOin(DEMO_ZGW_OIN))) {
    // A municipality also sends messages (the demo seed delivers some as this organisation).
    await deps.organisations.add({ oin: DEMO_ZGW_OIN, name: DEMO_ZGW_NAME, capabilities: ['inbox', 'cases'] });
  }
  const source: ZgwSource = {
    id: 'demo-gemeente',
    oin: DEMO_ZGW_OIN,
    zakenUrl: server.zakenUrl,
    catalogiUrl: server.catalogiUrl,
    notificatiesUrl: server.notificatiesUrl,
    clientId,
    secret,
    dossierUrlTemplate: 'https://mijn.amsterdam.example/zaken/{identificatie}',
  };
  return {
    server,
    source,
    announce(): void {
      for (const uuid of zaken) server.publish('zaak', `${server.zakenUrl}/zaken/${uuid}`, uuid, 'update');
    },
  };
}
