import type { RegisterSource } from '../register-data.ts';
import { REGISTER_SOURCES } from '../register-data.ts';
import { benefitsDemoHandler } from './benefits-demo.ts';
import { brpDemoHandler } from './brp-demo.ts';
import { DemoRegisterServer, type DemoHandler, type DemoTls } from './demo-server.ts';
import { rdwDemoHandler } from './rdw-demo.ts';
import { wozDemoHandler } from './woz-demo.ts';

const HANDLERS: Record<RegisterSource, DemoHandler> = { brp: brpDemoHandler, rdw: rdwDemoHandler, woz: wozDemoHandler, benefits: benefitsDemoHandler };

/** The running demo registers, one HTTP server per source. */
export interface DemoRegisters {
  urls: Partial<Record<RegisterSource, string>>;
  /** The server of a started source; throws for a source that was not started. */
  server(source: RegisterSource): DemoRegisterServer;
  close(): Promise<void>;
}

/**
 * Starts demo registers that speak the same contracts as the real ones, with data consistent
 * with the demo citizens: for `npm start` and for tests, which run the adapters against them.
 */
export async function startDemoRegisters(options: { sources?: readonly RegisterSource[]; tls?: DemoTls } = {}): Promise<DemoRegisters> {
  const sources = options.sources ?? REGISTER_SOURCES;
  const started = new Map<RegisterSource, DemoRegisterServer>();
  for (const source of sources) started.set(source, await DemoRegisterServer.start({ handler: HANDLERS[source], tls: options.tls }));
  return {
    urls: Object.fromEntries([...started].map(([source, server]) => [source, server.url])),
    server(source) {
      const server = started.get(source);
      if (!server) throw new Error(`demo register ${source} was not started`);
      return server;
    },
    async close() {
      await Promise.all([...started.values()].map((server) => server.close()));
    },
  };
}

export type { DemoMode } from './demo-server.ts';
export { DemoRegisterServer };
