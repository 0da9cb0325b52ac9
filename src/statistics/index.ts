import './schema.ts';

export { createStatisticsModule } from './module.tsx';
export { statisticsMigrations } from './migrations/index.ts';
