import type { RegisterProvider, RegisterSettings } from '../config.ts';
import { ProviderClient } from './provider-client.ts';
import { REGISTER_SOURCES, type RegisterSource } from './register-data.ts';

/**
 * A client per register: the configured provider, else the given fallback URL (the demo registers
 * in development). A source with neither has no client, and its block shows as unavailable.
 */
export function createProviderClients(
  settings: RegisterSettings,
  fallbackUrls: Partial<Record<RegisterSource, string>> = {},
): Partial<Record<RegisterSource, ProviderClient>> {
  const clients: Partial<Record<RegisterSource, ProviderClient>> = {};
  for (const source of REGISTER_SOURCES) {
    const provider: RegisterProvider = settings.providers[source];
    const url = provider.url ?? fallbackUrls[source];
    if (url) clients[source] = new ProviderClient(source, { ...provider, url });
  }
  return clients;
}
