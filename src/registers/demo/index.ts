export { brpHandlerFor } from './brp-demo.ts';
export { DEMO_CITIZENS, DEMO_UNKNOWN_BSN, type DemoCitizen } from './citizens.ts';
export { DemoRegisterServer, startDemoRegisters, type DemoMode, type DemoRegisters } from './demo-registers.ts';
