export { createAccounts, fieldContext, type Accounts, type Recipient } from './accounts.ts';
export { ASSURANCE_LEVELS, meetsAssurance, type AssuranceLevel } from './assurance.ts';
export { isValidBsn, maskBsn } from './bsn.ts';
export { identityMessages } from './messages.ts';
export { createIdentityModule, type IdentityModuleDeps } from './module.ts';
export type { PopulationRegister, RegisteredPerson } from './population-register.ts';
export { identityMigrations } from './migrations/index.ts';
export { identityEncryptedColumns } from './encrypted-columns.ts';
export { truncateAddress } from './processing-log.ts';
