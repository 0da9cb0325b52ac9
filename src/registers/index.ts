export { fetchBenefits } from './adapters/benefits-adapter.ts';
export { fetchBrp, type HomeAddress } from './adapters/brp-adapter.ts';
export { fetchVehicles } from './adapters/rdw-adapter.ts';
export { fetchWoz } from './adapters/woz-adapter.ts';
export { RegisterBreakers } from './circuit-breakers.ts';
export { PopulationRegisterUnavailable, type PopulationLookup, type RegisteredPerson } from './population.ts';
export { SourceError, type ProviderClient } from './provider-client.ts';
export { createRegisters, type Registers } from './registers.ts';
export * from './register-data.ts';
