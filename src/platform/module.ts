import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import type { ConsoleContribution } from './console.ts';
import type { Db } from './db/database.ts';
import type { Session, SessionLookup } from './http/sessions.ts';
import type { Catalogue, Language, Translate } from './i18n.ts';

/**
 * Who is acting, and for whom, on one request. Resolved once per request from the session; every
 * citizen route reads the subject from here and every recorded action records both. Today actor
 * and subject are the same citizen; representation makes them differ.
 */
export interface CitizenContext {
  actor: { citizenId: string };
  subject: { citizenId: string };
  loginId: string;
  /** The assurance level the actor logged in with. */
  assurance: string;
  session: Session;
  /** Set when the actor acts for someone else: the mandate and the services it covers. */
  representation?: Representation;
}

/** The mandate under which an actor acts for a subject (R17). */
export interface Representation {
  mandateId: string;
  /** The services in scope, e.g. 'berichtenbox-read', 'lopende-zaken'. */
  services: readonly string[];
  /** 'mandate' (between citizens), 'digid-machtigen', or a legal kind ('curatele', 'bewind', 'mentorschap'). */
  kind: string;
  /** The organisations whose messages and cases the mandate covers; null: every organisation. */
  organisationIds: readonly string[] | null;
}

/**
 * The organisations whose data this context may see (R17): null for all (the citizen's own
 * context, or a mandate without an organisation restriction). Every citizen read of messages and
 * cases takes this one filter, so lists, counts, detail pages and start-page blocks agree.
 */
export function organisationsInScope(context: CitizenContext): readonly string[] | null {
  return context.representation?.organisationIds ?? null;
}

/**
 * What a route or a module's contribution belongs to, for representation: a service id, 'self'
 * (never while acting for someone: account, e-mail, sessions, granting mandates) or 'anyone'.
 */
export type RepresentationScope = string;

/**
 * Whether this context may reach something of this scope. A citizen acting for themselves reaches
 * everything; a representative only the mandate's services ('berichtenbox-manage' includes
 * reading) and 'anyone'; an undeclared scope is refused (deny by default).
 */
export function inScope(context: CitizenContext | null, scope: RepresentationScope | undefined): boolean {
  const representation = context?.representation;
  if (!representation) return true;
  if (scope === 'anyone') return true;
  if (scope === undefined || scope === 'self') return false;
  if (representation.services.includes(scope)) return true;
  return scope === 'berichtenbox-read' && representation.services.includes('berichtenbox-manage');
}

/** Who acted for whom, as a recorded action keeps it. */
export type Acting = Pick<CitizenContext, 'actor' | 'subject' | 'loginId'>;

/** A link in the main navigation (and a tile on the start page), ordered by `order`. */
export interface NavItem {
  href: string;
  labelKey: string;
  order: number;
  /** false: only a tile on the start page, not in the main menu (keeps the menu on one line). */
  inMenu?: boolean;
  /** For representation: which service the item belongs to (default: its module's `scope`). */
  scope?: RepresentationScope;
}

/** What a start-page block is rendered with. */
export interface StartPageInput {
  context: CitizenContext;
  t: Translate;
  language: Language;
  /** When the citizen's previous login started; null at the first login. "What changed since". */
  previousLoginAt: Date | null;
}

/** One dated event on the citizen's timeline: a message, a case status change, a data change. */
export interface TimelineEntry {
  at: Date;
  /** 'message' | 'case-status' | …; also the filter value. */
  kind: string;
  organisationName: string;
  /** What happened, already translated, e.g. the subject or "Status: Besluit genomen". */
  title: string;
  href: string;
}

/** A notice above every page's content with one button that posts (e.g. stop acting for someone). */
export interface Banner {
  text: string;
  action: { href: string; label: string };
}

/** A small link in the page header next to the name, e.g. the unread count. */
export interface HeaderBadge {
  href: string;
  label: string;
  testId?: string;
}

/** Something new for a citizen that a notification mail mentions (never its content). */
export interface NotificationItem {
  id: string;
  /** Who it is from, e.g. "Belastingdienst". */
  organisationName: string;
}

/**
 * A module that has news for citizens (new messages, case status changes). The notification
 * worker asks every source for the pending items of a whole batch of citizens at once and sends
 * each citizen one mail for all of them. Every method is one query for the whole batch.
 */
export interface NotificationSource {
  /** 'message' | 'case-status'; also the key of the mail's wording. */
  kind: string;
  /** Per citizen: items not yet in any notification and visible at `now`. */
  pending(db: Db, citizenIds: string[], now: Date): Promise<Map<string, NotificationItem[]>>;
  /** Records that these items were notified (or the attempt ended) in the given notification. */
  markNotified(db: Db, entries: { citizenId: string; itemIds: string[]; notificationId: string }[]): Promise<void>;
  /** Per citizen: when a still-hidden pending item becomes visible (to schedule the next mail). */
  nextVisibleAt(db: Db, citizenIds: string[], now: Date): Promise<Map<string, Date>>;
}

/**
 * Someone else to mail, content-free, when a citizen gets a new message: a representative who
 * asked for it (R17). `recipientId` is mailed at their own verified address; `subjectName` is the
 * represented citizen's name for the mail; `reference` (e.g. the mandate id) goes into the log.
 */
export interface MessageWatcher {
  recipientId: string;
  subjectName: string;
  reference: string;
}

/** What a module's part of the access export (R20) is built for; no request is needed (a job builds large ones). */
export interface ExportInput {
  citizenId: string;
  language: Language;
  t: Translate;
  /** The assurance level of the login that asked: content above it is listed, not included (R7). */
  assurance: string;
  /** Whether attachment contents are included (base64 in the JSON) or only listed. */
  includeAttachments: boolean;
}

/** One human-readable item of an export section, e.g. one message or one login. */
export interface ExportEntry {
  title: string;
  fields: [label: string, value: string][];
}

/**
 * A module's part of "Download mijn gegevens" (R20): `data` goes into the JSON export under `id`,
 * `entries` into the PDF under `title`. A module with nothing for this citizen returns null.
 */
export interface ExportSection {
  id: string;
  title: string;
  data: unknown;
  entries: ExportEntry[];
}

/** Runs after a successful login with the new session; it must not throw (login never breaks on it). */
export type AfterLoginHook = (input: { session: Session; citizenId: string; bsn: string; machtigen?: { representeeBsn: string; serviceIds: string[]; assurance: string } }) => Promise<void>;

/** Periodic background work, run by the worker role. */
export interface BackgroundJob {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

/** Where and how a visitor logs in and out; supplied by the module that owns login. */
export interface SignIn {
  loginPath: string;
  loginLabelKey: string;
  logoutPath: string;
  logoutLabelKey: string;
}

/**
 * What one module contributes to the portal. The composition root builds the core services and
 * loops over the module list: nothing outside a module's folder names its routes, texts or jobs.
 */
export interface PortalModule {
  name: string;
  /**
   * For representation: the service this module's navigation, start-page blocks, timeline entries
   * and header badges belong to; a representative sees them only when it is in scope. Unset: 'anyone'.
   */
  scope?: RepresentationScope;
  /**
   * Values read with the session row on every request (one statement for both), e.g. the screen
   * name for the header; the module finds them in `session.lookups` under their names.
   */
  sessionLookups?: SessionLookup[];
  /** Who acts for whom on a logged-in session (representation); the first module that answers wins. */
  resolveContext?(session: Session & { citizenId: string; loginId: string }): Promise<CitizenContext | null>;
  /** A banner on every page for this context (e.g. "U handelt namens …" with a way back). */
  banner?(context: CitizenContext, t: Translate): Promise<Banner | null>;
  texts?: Catalogue;
  nav?: NavItem[];
  /** Links in every page's footer, for visitors too (statements, contact). */
  footer?: NavItem[];
  signIn?: SignIn;
  /**
   * The module's part of the start page, ordered by `order`: `attention` (what needs the citizen
   * now: shown first, under one heading, for all modules) and `render` (its overview block).
   */
  startPage?: { order: number; attention?(input: StartPageInput): Promise<VNode | null>; render(input: StartPageInput): Promise<VNode | null> };
  /** Entries for the one timeline across organisations (the newest `limit`, newest first). */
  timeline?(input: { context: CitizenContext; t: Translate; language: Language; limit: number }): Promise<TimelineEntry[]>;
  /** A block under the Inbox's own list (e.g. messages kept by other organisations); null for none. */
  inboxSection?(input: { context: CitizenContext; t: Translate; language: Language }): Promise<VNode | null>;
  headerBadges?(context: CitizenContext, t: Translate): Promise<HeaderBadge[]>;
  /** The name shown in the header; the first module that knows one wins. */
  displayName?(context: CitizenContext): Promise<string | null>;
  web?(app: FastifyInstance): void | Promise<void>;
  api?(app: FastifyInstance): void | Promise<void>;
  notificationSources?: NotificationSource[];
  /** Per citizen: who else to mail about their new messages, decided at send time (R17). */
  messageWatchers?(citizenIds: string[]): Promise<Map<string, MessageWatcher[]>>;
  afterLogin?: AfterLoginHook;
  /** This module's section of the citizen's access export (R20); adding a section is this one function. */
  accessExport?(input: ExportInput): Promise<ExportSection | null>;
  jobs?: BackgroundJob[];
  /** Called once the servers listen (e.g. to subscribe to callbacks the other side checks). */
  onListening?(): Promise<void>;
  /**
   * The module's figures for the usage statistics (R28) of one day [start, end): counts from its
   * own tables, each person counted at most once per figure. Nothing identifying leaves here.
   */
  statistics?(day: { start: Date; end: Date }): Promise<DailyCount[]>;
  /**
   * Admits a delivery of `count` messages by an organisation, or refuses it (R27: the capacity
   * plan). The delivering module asks every module that has this hook before it stores anything.
   */
  admitDeliveries?(input: { organisationId: string; count: number }): Promise<DeliveryAdmission>;
  /** Pages in the operator console (/beheer); see src/platform/console.ts. */
  console?: ConsoleContribution;
  close?(): Promise<void>;
}

/**
 * A delivery admitted (with the end of the organisation's announced wave, over which notification
 * mails are spread; null outside a wave) or refused until `retryAfterSeconds`.
 */
export type DeliveryAdmission = { admitted: true; notifyUntil: Date | null } | { admitted: false; retryAfterSeconds: number; allowedPerMinute: number };

/** One figure of one day, e.g. metric 'logins', dimension 'midden'. */
export interface DailyCount {
  metric: string;
  dimension: string;
  count: number;
}

/** All modules' contributions of one kind, for modules that assemble others' (start page, mail). */
export interface ModuleDirectory {
  modules(): readonly PortalModule[];
}
