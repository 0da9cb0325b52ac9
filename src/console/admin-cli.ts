import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import type { AuditLog } from '../audit/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { ConsoleInputError, createConsoleAccounts, type Account } from './console-accounts.ts';
import { consoleMessages } from './console-messages.ts';
import { passwordProblem } from './passwords.ts';
import { groupedSecret, totpUri } from './totp.ts';

export const ADMIN_HELP = `burgerportaal admin create --username <name> --name "<full name>" [--phone <phone>] [--email <e-mail>]
  Bootstraps the first console administrator (/beheer): prints a generated password and the
  second-factor enrolment (secret, otpauth URI and QR code) once. Refused when an active
  administrator exists: further accounts are made in the console.`;

export interface BootstrappedAdministrator {
  account: Account;
  password: string;
  totpSecret: string;
  otpauthUri: string;
}

/** Creates the first administrator (audited as done by the CLI); refused when one exists. */
export async function createFirstAdministrator(
  deps: { db: Db; keyring: Keyring; audit: AuditLog; now: () => Date },
  input: { username: string; fullName: string; businessPhone?: string | null; businessEmail?: string | null },
): Promise<BootstrappedAdministrator> {
  const accounts = createConsoleAccounts(deps);
  if ((await accounts.activeAdministrators()) > 0) throw new ConsoleInputError('console.error.administratorExists', 'username');
  // 120 random bits: far above the minimum length, and never on a breach list.
  let password = randomBytes(15).toString('base64url');
  while (passwordProblem(password, input.username.trim().toLowerCase())) password = randomBytes(15).toString('base64url');
  const { account, totpSecret } = await accounts.create(
    { organisationId: null, username: input.username, fullName: input.fullName, password, businessPhone: input.businessPhone ?? null, businessEmail: input.businessEmail ?? null, contactPerson: false, operatorStaff: true, roles: ['administrator', 'user'] },
    { kind: 'cli', id: 'cli', name: 'burgerportaal admin create', clientAddress: null },
  );
  return { account, password, totpSecret, otpauthUri: totpUri(totpSecret, account.username) };
}

/** `burgerportaal admin …` on a migrated database: returns the exit code. */
export async function adminCommand(args: string[], deps: { db: Db; keyring: Keyring; audit: AuditLog; now: () => Date }): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error(ADMIN_HELP);
    return 1;
  }
  const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' }, email: { type: 'string' } }, strict: true });
  try {
    const created = await createFirstAdministrator(deps, { username: values.username ?? '', fullName: values.name ?? '', businessPhone: values.phone, businessEmail: values.email });
    console.log(`Administrator ${created.account.username} created.`);
    console.log(`  Password (shown once):   ${created.password}`);
    console.log(`  Second factor (TOTP):    ${groupedSecret(created.totpSecret)}`);
    console.log(`  otpauth URI:             ${created.otpauthUri}`);
    console.log(await QRCode.toString(created.otpauthUri, { type: 'utf8', errorCorrectionLevel: 'M' }));
    console.log('Add the secret to an authenticator app, then log in at /beheer/inloggen.');
    return 0;
  } catch (error) {
    if (error instanceof ConsoleInputError) {
      console.error(consoleMessages.en[error.key] ?? error.key);
      return 1;
    }
    throw error;
  }
}
