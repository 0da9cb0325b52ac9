import type { PopulationRegister, RegisteredPerson } from './population-register.ts';

/** A population register held in memory, for the demo and tests. */
export class InMemoryRegister implements PopulationRegister {
  private readonly people: Map<string, RegisteredPerson>;

  constructor(people: RegisteredPerson[]) {
    this.people = new Map(people.map((person) => [person.bsn, person]));
  }

  async findByBsn(bsn: string): Promise<RegisteredPerson | null> {
    return this.people.get(bsn) ?? null;
  }
}
