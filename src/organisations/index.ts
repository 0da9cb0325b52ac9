export { oinFromCertificate, registerApiAuthentication, requireCapability, type ApiAuthenticationFailure } from './api-authentication.ts';
export { loadApiTls } from './api-tls.ts';
export { createDevCa, ensureDevCa, issueCertificate, type PemPair } from './dev-ca.ts';
export { CAPABILITIES, createOrganisationRegistry, OrganisationInputError, type Capability, type Organisation, type OrganisationRegistry } from './registry.ts';
export { organisationsMigrations } from './migrations/index.ts';
export { setMessageRetentionDays } from './message-retention.ts';
