import type { EncryptedColumns } from '../platform/db/reencrypt.ts';

/** The console's encrypted values, for key rotation: each account's TOTP secret. */
export const consoleEncryptedColumns: EncryptedColumns[] = [
  { name: 'console: accounts (TOTP secret)', table: 'console_accounts', key: ['account_id'], columns: [{ column: 'totp_secret_encrypted', context: (row) => `console_accounts:${String(row.account_id)}:totp` }] },
];
