
/** A demo resident as the demo BRP holds them. */
export interface DemoCitizen {
  bsn: string;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  deathDate: string | null;
  nationality: string;
  address: { street: string; houseNumber: string; postalCode: string; city: string } | null;
}

/**
 * Demo residents for the simulated DigiD and the demo register. The BSNs are from the test
 * range (999…) and pass the eleven test. Some are here to show refusals: a child, a deceased
 * person, and one BSN the register does not know.
 */
export const DEMO_CITIZENS: DemoCitizen[] = [
  {
    bsn: '999990007',
    givenNames: 'Johanna',
    surnamePrefix: 'de',
    surname: 'Vries',
    birthDate: '1948-03-12',
    deathDate: null,
    nationality: 'Nederlandse',
    address: { street: 'Prinsengracht', houseNumber: '263', postalCode: '1016 GV', city: 'Amsterdam' },
  },
  {
    bsn: '999990056',
    givenNames: 'Fatima',
    surnamePrefix: null,
    surname: 'El Amrani',
    birthDate: '1987-09-30',
    deathDate: null,
    nationality: 'Nederlandse',
    address: { street: 'Oudegracht', houseNumber: '158', postalCode: '3511 AZ', city: 'Utrecht' },
  },
  {
    bsn: '999990147',
    givenNames: 'Pieter',
    surnamePrefix: 'van den',
    surname: 'Berg',
    birthDate: '1975-06-01',
    deathDate: null,
    nationality: 'Nederlandse',
    address: { street: 'Grote Markt', houseNumber: '12', postalCode: '9711 LV', city: 'Groningen' },
  },
  {
    bsn: '999990196',
    givenNames: 'Sanne',
    surnamePrefix: null,
    surname: 'Bakker',
    birthDate: '2011-02-14',
    deathDate: null,
    nationality: 'Nederlandse',
    address: { street: 'Stratumseind', houseNumber: '7', postalCode: '5611 ET', city: 'Eindhoven' },
  },
  {
    bsn: '999990238',
    givenNames: 'Daan',
    surnamePrefix: null,
    surname: 'Jansen',
    birthDate: '2015-11-20',
    deathDate: null,
    nationality: 'Nederlandse',
    address: { street: 'Oudegracht', houseNumber: '158', postalCode: '3511 AZ', city: 'Utrecht' },
  },
  {
    bsn: '999990287',
    givenNames: 'Gerrit',
    surnamePrefix: null,
    surname: 'Visser',
    birthDate: '1931-01-05',
    deathDate: '2025-08-17',
    nationality: 'Nederlandse',
    address: null,
  },
];

/** A valid BSN that no demo register knows: logging in with it is refused. */
export const DEMO_UNKNOWN_BSN = '999990329';
