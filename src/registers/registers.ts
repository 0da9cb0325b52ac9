import type { Logger } from 'pino';
import type { RegisterSettings } from '../config.ts';
import { RegisterBreakers } from './circuit-breakers.ts';
import { createBrpPopulationLookup, type PopulationLookup } from './population.ts';
import type { ProviderClient } from './provider-client.ts';
import { createProviderClients } from './providers.ts';
import type { RegisterSource } from './register-data.ts';

/** The base registers the portal reads, with one client and one circuit breaker per register. */
export interface Registers {
  clients: Partial<Record<RegisterSource, ProviderClient>>;
  breakers: RegisterBreakers;
  /** The population register (BRP): login, recipient resolution and the BRP block all use it. */
  population: PopulationLookup;
  close(): void;
}

/**
 * Connects to the configured registers; a source without a URL uses `fallbackUrls` (the demo
 * registers, development only). Without any BRP the portal cannot decide who may have an account.
 */
export function createRegisters(input: { settings: RegisterSettings; fallbackUrls?: Partial<Record<RegisterSource, string>>; logger: Logger }): Registers {
  const clients = createProviderClients(input.settings, input.fallbackUrls);
  const breakers = new RegisterBreakers({ settings: input.settings.breaker, logger: input.logger });
  const brp = clients.brp;
  if (!brp) throw new Error('No population register: set BRP_URL');
  return {
    clients,
    breakers,
    population: createBrpPopulationLookup({ client: brp, breakers }),
    close() {
      breakers.shutdown();
      for (const client of Object.values(clients)) client?.close();
    },
  };
}
