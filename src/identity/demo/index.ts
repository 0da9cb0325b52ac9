export { startDigidSimulator, type DigidSimulator, type SimulatedPerson } from './digid-simulator.ts';
