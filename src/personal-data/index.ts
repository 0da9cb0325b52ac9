export { startDemoRegisters, type DemoRegisters } from './demo/demo-registers.ts';
export { personalDataMessages } from './messages.ts';
export { createProviderClients } from './providers.ts';
export { personalDataRoutes } from './routes.tsx';
export { PersonalData } from './service.ts';
