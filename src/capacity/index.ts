import './schema.ts';

export { createCapacityModule } from './module.tsx';
export { capacityMigrations } from './migrations/index.ts';
