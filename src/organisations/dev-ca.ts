import 'reflect-metadata';

import fs from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PemPair {
  cert: string;
  key: string;
}

export interface DevCa extends PemPair {
  dir: string;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return crypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
}

function randomSerial(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** A self-signed development CA, standing in for the PKIoverheid roots. */
export async function createDevCa(): Promise<PemPair> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=Burgerportaal Dev CA, O=Burgerportaal (ontwikkeling), C=NL',
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/**
 * Issues a certificate signed by the CA. A client certificate carries the organisation's OIN in
 * the subject serialNumber, as PKIoverheid certificates do; a server certificate names its hosts.
 */
export async function issueCertificate(
  ca: PemPair,
  input: { kind: 'client'; oin: string; name: string; notBefore?: Date; notAfter?: Date } | { kind: 'server'; hosts: string[]; notBefore?: Date; notAfter?: Date },
): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importKey(ca.key);
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const subject =
    input.kind === 'client'
      ? `CN=${input.name.replace(/[,=+<>#;"\\]/g, ' ')}, O=${input.name.replace(/[,=+<>#;"\\]/g, ' ')}, 2.5.4.5=${input.oin}, C=NL`
      : `CN=${input.hosts[0] ?? 'localhost'}`;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
    new x509.ExtendedKeyUsageExtension([input.kind === 'client' ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
  ];
  if (input.kind === 'server') {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        input.hosts.map((host) => (/^[\d.]+$|:/.test(host) ? { type: 'ip' as const, value: host } : { type: 'dns' as const, value: host })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: caCert.subject,
    notBefore: input.notBefore ?? new Date(now - DAY_MS),
    notAfter: input.notAfter ?? new Date(now + 825 * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions,
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** The development CA in `dir` (ca.pem, ca-key.pem, server.pem, server-key.pem), created when missing. */
export async function ensureDevCa(dir: string): Promise<DevCa & { server: PemPair }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem'), serverCert: path.join(dir, 'server.pem'), serverKey: path.join(dir, 'server-key.pem') };
  if (!fs.existsSync(files.cert) || !fs.existsSync(files.key)) {
    const ca = await createDevCa();
    fs.writeFileSync(files.cert, ca.cert);
    fs.writeFileSync(files.key, ca.key, { mode: 0o600 });
  }
  const ca = { cert: fs.readFileSync(files.cert, 'utf8'), key: fs.readFileSync(files.key, 'utf8') };
  if (!fs.existsSync(files.serverCert) || !fs.existsSync(files.serverKey)) {
    const server = await issueCertificate(ca, { kind: 'server', hosts: ['localhost', '127.0.0.1', '::1'] });
    fs.writeFileSync(files.serverCert, server.cert);
    fs.writeFileSync(files.serverKey, server.key, { mode: 0o600 });
  }
  return { ...ca, dir, server: { cert: fs.readFileSync(files.serverCert, 'utf8'), key: fs.readFileSync(files.serverKey, 'utf8') } };
}
