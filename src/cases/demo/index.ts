export { seedDemoCases } from '../demo-seed.ts';
export { ZgwTestServer } from '../zgw/test-server.ts';
export { DEMO_ZGW_OIN, startZgwDemo } from '../zgw/zgw-demo.ts';
