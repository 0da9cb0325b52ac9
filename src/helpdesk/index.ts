import './schema.ts';

export { createHelpdeskModule } from './module.ts';
export { helpdeskMigrations } from './migrations/index.ts';
export { helpdeskEncryptedColumns } from './encrypted-columns.ts';
export { CONTACT_RETENTION_DAYS, THREAD_RETENTION_DAYS, type Helpdesk } from './helpdesk-service.ts';
