import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { isValidBsn } from '../bsn.ts';
import { ACR_BY_LEVEL, ASSURANCE_LEVELS, type AssuranceLevel } from '../assurance.ts';

export interface SimulatedPerson {
  bsn: string;
  label: string;
}

export interface DigidSimulator {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const LEVEL_LABELS: Record<AssuranceLevel, string> = {
  basis: 'Basis (gebruikersnaam en wachtwoord)',
  midden: 'Midden (DigiD app of sms-controle)',
  substantieel: 'Substantieel (DigiD app met identiteitsbewijs)',
  hoog: 'Hoog (identiteitskaart met chip)',
};

/** An opaque subject per person, as a broker would give; the BSN travels in its own claim. */
/** DigiD Machtigen: the claims the simulator asserts, under the Dutch convention's names. */
const MACHTIGEN_CLAIMS = ['aanvrager.bsn', 'gemachtigde.bsn', 'service_id'];
/** The portal's services a DigiD Machtigen login can be for (the `service_id`). */
const MACHTIGEN_SERVICES = ['berichtenbox-read', 'berichtenbox-manage', 'lopende-zaken', 'persoonlijke-gegevens'];

function subjectOf(bsn: string): string {
  return createHash('sha256').update(`digid-sim:${bsn}`).digest('hex').slice(0, 32);
}

/**
 * "DigiD (simulatie)": a real OpenID Connect provider (oidc-provider) for development and tests.
 * The user picks a demo person and an assurance level; the ID token carries the BSN in the
 * `bsn` claim and the level in `acr`. Authorization code flow with PKCE only.
 */
export async function startDigidSimulator(options: {
  port: number;
  host?: string;
  redirectUris: string[];
  people: SimulatedPerson[];
}): Promise<DigidSimulator> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;
  const clientId = 'burgerportaal';
  const clientSecret = randomBytes(24).toString('base64url');
  const bsnBySubject = new Map(options.people.map((person) => [subjectOf(person.bsn), person.bsn]));
  // DigiD Machtigen logins: their own subject, with the representee and the service.
  const machtigenBySubject = new Map<string, { representee: string; service: string }>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'sim-1', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'bsn'],
    // DigiD Machtigen's claims travel with the bsn scope (the portal reads them by configurable names).
    claims: { openid: ['sub'], bsn: ['bsn', ...MACHTIGEN_CLAIMS] },
    acrValues: Object.values(ACR_BY_LEVEL),
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 300, IdToken: 300, AuthorizationCode: 60 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => {
      const bsn = bsnBySubject.get(sub);
      if (!bsn) return undefined;
      const machtigen = machtigenBySubject.get(sub);
      if (machtigen) return { accountId: sub, claims: async () => ({ sub, bsn, 'aanvrager.bsn': machtigen.representee, 'gemachtigde.bsn': bsn, service_id: machtigen.service }) };
      return { accountId: sub, claims: async () => ({ sub, bsn }) };
    },
    // A first-party simulator asks no consent: every login gets the openid and bsn scopes.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid bsn');
      grant.addOIDCClaims(['bsn', ...MACHTIGEN_CLAIMS]);
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(req.url ?? '');
    if (!match) {
      callback(req, res);
      return;
    }
    handleInteraction(provider, req, res, match[2] ?? '', options.people, bsnBySubject, machtigenBySubject).catch((error: unknown) => {
      res.statusCode = 400;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Inloggen mislukt: ${error instanceof Error ? error.message : 'onbekende fout'}`);
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleInteraction(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  action: string,
  people: SimulatedPerson[],
  bsnBySubject: Map<string, string>,
  machtigenBySubject: Map<string, { representee: string; service: string }>,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (action === '/abort' && req.method === 'POST') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Inloggen afgebroken' }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === '/login' && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const chosen = form.get('bsn') ?? '';
    // "Ander BSN": any valid BSN, so a tester can log in a person who exists only in a BRP test server.
    const bsn = chosen === 'other' ? (form.get('bsnOther') ?? '').replace(/\s/g, '') : chosen;
    const level = form.get('niveau') as AssuranceLevel | null;
    const known = people.some((person) => person.bsn === bsn) || (chosen === 'other' && isValidBsn(bsn));
    if (!known || !level || !ASSURANCE_LEVELS.includes(level)) {
      throw new Error('kies een persoon (of een geldig BSN) en een betrouwbaarheidsniveau');
    }
    // DigiD Machtigen: logging in as representative of another demo person, for one service.
    const representee = form.get('namens') ?? '';
    const service = form.get('dienst') ?? '';
    let accountId = subjectOf(bsn);
    if (representee) {
      if (!people.some((person) => person.bsn === representee) || representee === bsn || !MACHTIGEN_SERVICES.includes(service)) throw new Error('kies een ander persoon en een dienst om namens te handelen');
      accountId = `${subjectOf(bsn)}-${subjectOf(representee)}-${service}`;
      machtigenBySubject.set(accountId, { representee, service });
    }
    bsnBySubject.set(accountId, bsn);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, acr: ACR_BY_LEVEL[level], amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const requested = String(details.params.acr_values ?? '').split(' ');
  const preselected = ASSURANCE_LEVELS.find((level) => requested.includes(ACR_BY_LEVEL[level])) ?? 'midden';
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(loginPage(details.uid, people, preselected));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) reject(new Error('te veel gegevens'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function loginPage(uid: string, people: SimulatedPerson[], preselected: AssuranceLevel): string {
  const personOptions = people
    .map(
      (person, index) => `
      <div class="option"><input type="radio" id="p${index}" name="bsn" value="${escapeHtml(person.bsn)}"${index === 0 ? ' checked' : ''}>
      <label for="p${index}">${escapeHtml(person.label)} <span class="bsn">(BSN ${escapeHtml(person.bsn)})</span></label></div>`,
    )
    .join('')
    .concat(`
      <div class="option"><input type="radio" id="p-other" name="bsn" value="other">
      <label for="p-other">Ander BSN (bijvoorbeeld iemand uit een BRP-testomgeving)</label>
      <p><label for="bsn-other">BSN</label><br><input id="bsn-other" name="bsnOther" inputmode="numeric" autocomplete="off" maxlength="11"></p></div>`);
  const levelOptions = ASSURANCE_LEVELS.map(
    (level) => `<option value="${level}"${level === preselected ? ' selected' : ''}>${escapeHtml(LEVEL_LABELS[level])}</option>`,
  ).join('');
  const representeeOptions = ['<option value="">Niemand: ik log in voor mezelf</option>', ...people.map((person) => `<option value="${escapeHtml(person.bsn)}">${escapeHtml(person.label)}</option>`)].join('');
  const serviceOptions = MACHTIGEN_SERVICES.map((service) => `<option value="${service}">${service}</option>`).join('');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggen bij DigiD (simulatie)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#000}header{background:#e17000;color:#000;padding:1rem}
main{max-width:40rem;margin:0 auto;padding:1rem}fieldset{border:1px solid #555;margin:0 0 1rem;padding:1rem}
legend{font-weight:bold}.option{margin:.5rem 0}.bsn{color:#333}label{cursor:pointer}
select,button{font-size:1rem;padding:.5rem}button{background:#154273;color:#fff;border:0;margin-right:1rem}
button.secondary{background:#fff;color:#154273;border:2px solid #154273}
:focus-visible{outline:3px solid #000;outline-offset:2px}.warning{border-left:4px solid #e17000;padding:.5rem 1rem;background:#fff4e5}
</style></head>
<body><header><p><strong>DigiD (simulatie)</strong></p></header>
<main>
<h1>Inloggen bij DigiD (simulatie)</h1>
<p class="warning">Dit is een simulatie voor ontwikkeling en demonstratie. Er wordt niet echt ingelogd.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Als wie wilt u inloggen?</legend>${personOptions}</fieldset>
<fieldset><legend>DigiD Machtigen (niet verplicht)</legend>
<p><label for="namens">Namens wie handelt u?</label><br><select id="namens" name="namens">${representeeOptions}</select></p>
<p><label for="dienst">Voor welke dienst (service_id)?</label><br><select id="dienst" name="dienst">${serviceOptions}</select></p></fieldset>
<p><label for="niveau"><strong>Betrouwbaarheidsniveau</strong></label><br>
<select id="niveau" name="niveau">${levelOptions}</select></p>
<button type="submit">Inloggen</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><p><button type="submit" class="secondary">Annuleren</button></p></form>
</main></body></html>`;
}
