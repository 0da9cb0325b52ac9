import type { Logger } from 'pino';
import type { RegisterSettings } from '../config.ts';
import { RegisterBreakers } from './circuit-breakers.ts';
import { createBrpPopulationLookup, PopulationRegisterUnavailable, type PopulationLookup } from './population.ts';

const NO_POPULATION_REGISTER: PopulationLookup = {
  findByBsn: () => Promise.reject(new PopulationRegisterUnavailable('not configured')),
  findByBsns: () => Promise.reject(new PopulationRegisterUnavailable('not configured')),
};
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
 * registers, development only). Without a BRP (a development worker, which resolves no one) every
 * population question answers "unavailable"; production refuses to start without BRP_URL.
 */
export function createRegisters(input: { settings: RegisterSettings; fallbackUrls?: Partial<Record<RegisterSource, string>>; logger: Logger }): Registers {
  const clients = createProviderClients(input.settings, input.fallbackUrls);
  const breakers = new RegisterBreakers({ settings: input.settings.breaker, logger: input.logger });
  const brp = clients.brp;
  return {
    clients,
    breakers,
    population: brp ? createBrpPopulationLookup({ client: brp, breakers }) : NO_POPULATION_REGISTER,
    close() {
      breakers.shutdown();
      for (const client of Object.values(clients)) client?.close();
    },
  };
}
