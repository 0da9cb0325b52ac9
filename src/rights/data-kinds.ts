/** Who is responsible for a kind of data, and so who can change or erase it (R21, following R15). */
export type Responsible = 'portal' | 'register' | 'organisation';

export interface DataKind {
  id: string;
  responsible: Responsible;
  /** For data the portal holds: the page where the citizen changes or erases it. */
  href?: string;
  /** Whether the citizen can send a request about it that the portal forwards. */
  forwardable: boolean;
}

/** Every kind of data the portal shows, in the order of the rights page. */
export const DATA_KINDS: readonly DataKind[] = [
  { id: 'profile', responsible: 'portal', href: '/mijn-profiel', forwardable: false },
  { id: 'preferences', responsible: 'portal', href: '/instellingen/berichtvoorkeuren', forwardable: false },
  { id: 'consents', responsible: 'portal', href: '/instellingen/andere-berichtenboxen', forwardable: false },
  { id: 'account', responsible: 'portal', href: '/mijn-account', forwardable: false },
  { id: 'brp', responsible: 'register', forwardable: true },
  { id: 'rdw', responsible: 'register', forwardable: true },
  { id: 'woz', responsible: 'register', forwardable: true },
  { id: 'benefits', responsible: 'register', forwardable: true },
  { id: 'messages', responsible: 'organisation', forwardable: true },
  { id: 'cases', responsible: 'organisation', forwardable: true },
];

export const FORWARDABLE_KINDS = DATA_KINDS.filter((kind) => kind.forwardable).map((kind) => kind.id);

/** The rights a forwarded request can ask for (GDPR Articles 16, 17, 18 and 21). */
export const RIGHTS = ['rectification', 'erasure', 'restriction', 'objection'] as const;
export type Right = (typeof RIGHTS)[number];

/** Data kinds about which a request goes to an organisation the citizen picks (the sender or case owner). */
export const ORGANISATION_KINDS = ['messages', 'cases'];
