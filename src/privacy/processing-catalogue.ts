import { INACTIVITY_YEARS } from '../profile/index.ts';
import { CONSOLE_ABSOLUTE_TIMEOUT_MS, CONSOLE_IDLE_TIMEOUT_MS, LOGIN_ATTEMPT_RETENTION_DAYS } from '../console/index.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../platform/http/sessions.ts';
import { MANDATE_RETENTION_DAYS } from '../representation/index.ts';
import type { Language } from '../platform/i18n.ts';
import { CONTACT_RETENTION_DAYS, THREAD_RETENTION_DAYS } from '../helpdesk/index.ts';

/** A text in both languages, Dutch first. */
export interface Text {
  nl: string;
  en: string;
}

/**
 * How long data is kept. Each kind says what the code does today; the retention work adds
 * periods (e.g. `{ kind: 'period', days }`) and the job that enforces them, in this same catalogue.
 */
export type Retention =
  | { kind: 'session'; idleMinutes: number; maxHours: number }
  | { kind: 'until-changed' }
  | { kind: 'account' }
  /** Deleted once `days` passed since the clock (the activity's rules say how and by what). */
  | { kind: 'period'; days: number; clock?: RetentionClock }
  /** Until the record's own retain-until date, or `defaultDays` after delivery without one. */
  | { kind: 'retain-until'; defaultDays: number }
  /** Until changed or removed, and deleted after `years` without the citizen's own login. */
  | { kind: 'until-changed-or-inactive'; years: number }
  /** Kept while it runs and `days` after it ended (by the job named in the owner module). */
  | { kind: 'after-end'; days: number };

/**
 * The categories of personal data (R25). Every activity belongs to one; each category's rules say
 * when its data goes. Representation data and helpdesk contacts are declared here already: the
 * modules that add those tables add their activities (with `category: 'representation'` or
 * `'helpdesk'`) and their rules, and nothing else.
 */
export const DATA_CATEGORIES = {
  visitor: { nl: 'Gegevens van bezoekers (zonder account)', en: 'Visitor data (without an account)' },
  user: { nl: 'Gegevens van gebruikers (uw account)', en: 'User data (your account)' },
  'self-entered': { nl: 'Gegevens die u zelf invult', en: 'Data you enter yourself' },
  representation: { nl: 'Gegevens over vertegenwoordiging (machtigingen)', en: 'Representation data (mandates)' },
  'session-security-logs': { nl: 'Sessie- en beveiligingslogboeken', en: 'Session and security logs' },
  'notification-logs': { nl: 'Logboek van e-mailmeldingen', en: 'Notification logs' },
  helpdesk: { nl: 'Contacten met de helpdesk', en: 'Helpdesk contacts' },
  messages: { nl: 'Berichten', en: 'Messages' },
  cases: { nl: 'Zaken', en: 'Cases' },
  'admin-logs': { nl: 'Logboek van beheerders', en: "Administrators' logs" },
  staff: { nl: 'Gegevens van medewerkers en contactpersonen (beheer)', en: "Staff and contact persons' data (administration)" },
} as const satisfies Record<string, Text>;

export type DataCategoryId = keyof typeof DATA_CATEGORIES;

/** When a retention period starts. */
export type RetentionClock = 'created' | 'last-own-login' | 'session-end' | 'case-closed' | 'retain-until' | 'mandate-ended';
/** What happens when it ends: delete the rows, strip what identifies a person, or count first and then delete. */
export type RetentionAction = 'delete' | 'anonymise' | 'aggregate-then-delete';

/** One retention rule: which rows of which table go when, how, and what code does it. */
export interface RetentionRule {
  table: string;
  /** Which rows, when the rule is not about all of the table's rows. */
  rows?: Text;
  clock: RetentionClock;
  /** The period after the clock; null when the clock itself is the end (a message's retain-until, a session's end). */
  days: number | null;
  action: RetentionAction;
  /**
   * 'retention': the purge of this category in `burgerportaal retention run` and the worker's daily
   * `retention` job (src/retention). Otherwise the job or code that enforces it, '<module>: <job>'.
   */
  enforcedBy: string;
}

/** One thing the portal does with personal data: why, what, how long, who receives it. */
export interface ProcessingActivity {
  id: string;
  /** The module that owns the data (src/<module>). */
  owner: string;
  category: DataCategoryId;
  /**
   * The tables that hold it, each with ALL its columns: every column of the portal is in exactly one
   * activity (or its table in TABLES_WITHOUT_PERSONAL_DATA); a test reads the live schema.
   */
  columns: Readonly<Record<string, readonly string[]>>;
  /** How its data is removed; empty when the data lives exactly as long as the person keeps it (until-changed). */
  rules: readonly RetentionRule[];
  purpose: Text;
  data: Text[];
  legalBasis: Text;
  retention: Retention;
  recipients: Text[];
}

const session: Retention = { kind: 'session', idleMinutes: IDLE_TIMEOUT_MS / 60_000, maxHours: ABSOLUTE_TIMEOUT_MS / 3_600_000 };
const task: Text = {
  nl: 'Uitvoering van een wettelijke taak van de overheid (AVG artikel 6 lid 1 onder e).',
  en: 'Performance of a statutory task of government (GDPR Article 6(1)(e)).',
};
/** The periods the retention rules use, in days (R25). */
export const RETENTION_DAYS = {
  /** A pending login (a session without a citizen) left behind; the session sweep normally removes it within minutes. */
  pendingLogin: 1,
  /** An account whose holder has not logged in for five years is anonymised. */
  accountWithoutLogin: 5 * 365 + 1,
  /** Self-entered data (screen name, e-mail address) two years after the last own login. */
  selfEnteredWithoutLogin: INACTIVITY_YEARS * 365,
  /** Login history and usage history. */
  usageAndLogins: 2 * 365,
  /** Notification attempts. */
  notificationLog: 365,
  /** A message without its own retain-until and without an organisation's period. */
  messageDefault: 7 * 365 + 2,
  /** A case after it was closed. */
  closedCase: 365,
  /** Administrators' logs (R24): five years, then whole months are dropped. */
  adminLogs: 5 * 365 + 1,
} as const;

const nobody: Text = { nl: 'Niemand buiten Burgerportaal.', en: 'Nobody outside the portal.' };
const consent: Text = {
  nl: 'Toestemming: u vult deze gegevens zelf in en kunt ze altijd weer verwijderen (AVG artikel 6 lid 1 onder a).',
  en: 'Consent: you enter this data yourself and can remove it at any time (GDPR Article 6(1)(a)).',
};
/** Self-entered data (R18): kept until changed, and deleted after 2 years without the citizen's own login. */
const selfEntered: Retention = { kind: 'until-changed-or-inactive', years: INACTIVITY_YEARS };

/**
 * What the portal processes: the one source of the privacy statement (/privacy). A new table or a
 * new use of personal data gets its entry here in the same change (a test checks every table).
 */
export const PROCESSING_CATALOGUE: readonly ProcessingActivity[] = [
  {
    id: 'account',
    owner: 'identity',
    category: 'user',
    columns: {
      citizens: ['citizen_id', 'bsn_encrypted', 'activated_at', 'last_login_at', 'created_at', 'anonymised_at', 'deceased_at'],
      citizen_lookup: ['bsn_hash', 'citizen_id'],
    },
    rules: [
      { table: 'citizens', clock: 'last-own-login', days: RETENTION_DAYS.accountWithoutLogin, action: 'anonymise', enforcedBy: 'retention', rows: { nl: 'BSN en opzoeksleutel worden gewist; zonder login telt de activering of het aanmaken', en: 'BSN and lookup key are erased; without a login the activation or creation counts' } },
    ],
    purpose: { nl: 'U een account geven en u laten inloggen met DigiD.', en: 'Giving you an account and letting you log in with DigiD.' },
    data: [
      { nl: 'Uw burgerservicenummer (BSN), versleuteld opgeslagen', en: 'Your citizen service number (BSN), stored encrypted' },
      { nl: 'Wanneer uw account is geactiveerd en wanneer u voor het laatst inlogde', en: 'When your account was activated and when you last logged in' },
    ],
    legalBasis: task,
    retention: { kind: 'period', days: RETENTION_DAYS.accountWithoutLogin, clock: 'last-own-login' },
    recipients: [nobody],
  },
  {
    id: 'usage-and-security-log',
    owner: 'identity',
    category: 'session-security-logs',
    columns: {
      login_history: ['citizen_id', 'login_id', 'started_at', 'ended_at', 'end_reason', 'assurance'],
      processing_log: [
        'log_id', 'trace_id', 'operation_id', 'parent_operation_id', 'operation_name', 'status_code', 'start_time', 'end_time',
        'processing_activity_id', 'data_subject_id', 'actor_citizen_id', 'login_id', 'detail', 'client_address', 'user_agent_class', 'route', 'mandate_id', 'mandate_service',
      ],
    },
    rules: [
      { table: 'login_history', clock: 'created', days: RETENTION_DAYS.usageAndLogins, action: 'delete', enforcedBy: 'retention' },
      { table: 'processing_log', rows: { nl: 'gebruiksgeschiedenis', en: 'usage history' }, clock: 'created', days: RETENTION_DAYS.usageAndLogins, action: 'delete', enforcedBy: 'retention' },
      { table: 'processing_log', rows: { nl: 'beveiligingsgebeurtenissen', en: 'security events' }, clock: 'created', days: 180, action: 'delete', enforcedBy: 'identity: security-log-retention (hourly, SECURITY_LOG_RETENTION_DAYS)' },
    ],
    purpose: { nl: 'U laten zien wat er met uw account is gebeurd, en storingen en misbruik onderzoeken.', en: 'Showing you what happened with your account, and investigating faults and misuse.' },
    data: [
      { nl: 'Inlogmomenten: begin, einde en betrouwbaarheidsniveau', en: 'Logins: start, end and assurance level' },
      { nl: 'Wat u of iemand namens u in Burgerportaal deed (gebruiksgeschiedenis), met een ingekort IP-adres en het soort apparaat', en: 'What you or someone on your behalf did in the portal (usage history), with a shortened IP address and the kind of device' },
    ],
    legalBasis: task,
    retention: { kind: 'period', days: RETENTION_DAYS.usageAndLogins, clock: 'created' },
    recipients: [{ nl: 'Het CBS voor onderzoek, alleen met versleutelde (gepseudonimiseerde) BSN en IP-adressen.', en: 'Statistics Netherlands (CBS) for research, only with encrypted (pseudonymised) BSN and IP addresses.' }],
  },
  {
    id: 'session',
    owner: 'platform',
    category: 'visitor',
    columns: { sessions: ['session_hash', 'citizen_id', 'login_id', 'created_at', 'last_seen_at', 'absolute_expires_at', 'data'] },
    rules: [
      { table: 'sessions', clock: 'session-end', days: null, action: 'delete', enforcedBy: 'platform: session-sweep (every minute)' },
      { table: 'sessions', rows: { nl: 'achtergebleven inlogpogingen', en: 'abandoned login attempts' }, clock: 'created', days: RETENTION_DAYS.pendingLogin, action: 'delete', enforcedBy: 'retention' },
    ],
    purpose: { nl: 'U ingelogd houden terwijl u Burgerportaal gebruikt, en formulieren beveiligen.', en: 'Keeping you logged in while you use the portal, and securing forms.' },
    data: [
      { nl: 'Een willekeurige sessiecode (wij bewaren alleen een vingerafdruk ervan)', en: 'A random session code (we keep only a fingerprint of it)' },
      { nl: 'Uw taalkeuze en wanneer u voor het laatst iets deed', en: 'Your language and when you were last active' },
      { nl: 'Uw naam uit de Basisregistratie Personen, versleuteld', en: 'Your name from the population register, encrypted' },
    ],
    legalBasis: task,
    retention: session,
    recipients: [nobody],
  },
  {
    id: 'personal-data',
    owner: 'personal-data',
    category: 'user',
    columns: { session_register_data: ['session_hash', 'source', 'status', 'fetched_at', 'payload_encrypted'] },
    rules: [{ table: 'session_register_data', clock: 'session-end', days: null, action: 'delete', enforcedBy: 'platform: session-sweep (deleted with its session)' }],
    purpose: { nl: 'U laten zien hoe u geregistreerd staat bij de overheid (Mijn gegevens).', en: 'Showing you how government has registered you (My data).' },
    data: [
      { nl: 'Gegevens uit de Basisregistratie Personen (naam, adres, geboortedatum, nationaliteit, partner en kinderen)', en: 'Data from the population register (name, address, date of birth, nationality, partner and children)' },
      { nl: 'Uw voertuigen (RDW), de WOZ-waarde van uw woning en uw uitkeringen', en: 'Your vehicles (RDW), the WOZ value of your home and your benefits' },
    ],
    legalBasis: task,
    retention: session,
    recipients: [nobody],
  },
  {
    id: 'external-mailbox-consents',
    owner: 'external-mailboxes',
    category: 'user',
    columns: { external_mailbox_consents: ['citizen_id', 'store_id', 'granted_at'] },
    rules: [],
    purpose: {
      nl: 'Bijhouden voor welke berichtenboxen van andere organisaties u toestemming gaf.',
      en: 'Recording which message boxes of other organisations you gave consent for.',
    },
    data: [{ nl: 'Voor welke berichtenboxen u toestemming gaf, en wanneer', en: 'Which message boxes you gave consent for, and when' }],
    legalBasis: { nl: 'Toestemming: u kiest zelf per organisatie en kunt uw toestemming altijd intrekken (AVG artikel 6 lid 1 onder a).', en: 'Consent: you choose per organisation and can withdraw your consent at any time (GDPR Article 6(1)(a)).' },
    retention: { kind: 'until-changed' },
    recipients: [nobody],
  },
  {
    id: 'external-mailboxes',
    owner: 'external-mailboxes',
    category: 'user',
    columns: { external_mailbox_cache: ['citizen_id', 'store_id', 'session_hash', 'fetched_at', 'list_encrypted'] },
    rules: [{ table: 'external_mailbox_cache', clock: 'session-end', days: null, action: 'delete', enforcedBy: 'platform: session-sweep (deleted with its session)' }],
    purpose: {
      nl: 'Met uw toestemming berichten tonen die een andere organisatie in haar eigen berichtenbox voor u bewaart.',
      en: 'With your consent, showing messages that another organisation keeps for you in its own message box.',
    },
    data: [
      { nl: 'Onderwerp en datum van die berichten, versleuteld en alleen zolang u bent ingelogd', en: 'Subject and date of those messages, encrypted and only while you are logged in' },
      { nl: 'Tekst en bijlagen halen wij op als u ze opent; die bewaren wij niet', en: 'Text and attachments are fetched when you open them; we do not keep them' },
    ],
    legalBasis: { nl: 'Toestemming: u kiest zelf per organisatie en kunt uw toestemming altijd intrekken (AVG artikel 6 lid 1 onder a).', en: 'Consent: you choose per organisation and can withdraw your consent at any time (GDPR Article 6(1)(a)).' },
    retention: session,
    recipients: [{ nl: 'De organisatie met de berichtenbox: uw burgerservicenummer (BSN), om uw berichten op te vragen.', en: 'The organisation with the message box: your citizen service number (BSN), to ask for your messages.' }],
  },
  {
    id: 'messages',
    owner: 'inbox',
    category: 'messages',
    columns: {
      messages: [
        'citizen_id', 'message_id', 'organisation_id', 'reference', 'content_hash', 'subject_encrypted', 'body_encrypted', 'legal_consequence', 'required_assurance',
        'visible_from', 'due_at', 'retain_until', 'delivered_at', 'receipt_batch_id', 'receipt_index', 'receipt_proof', 'read_at', 'folder', 'notification_id',
      ],
      message_attachments: ['citizen_id', 'message_id', 'position', 'filename_encrypted', 'content_type', 'size', 'sha256', 'content_encrypted'],
      receipt_batches: ['batch_id', 'organisation_id', 'jws', 'created_at'],
    },
    rules: [
      { table: 'messages', rows: { nl: 'met hun bijlagen; een bericht zonder eigen bewaartermijn na de termijn van de organisatie', en: "with their attachments; a message without its own retain-until after the organisation's period" }, clock: 'retain-until', days: null, action: 'delete', enforcedBy: 'retention' },
    ],
    purpose: { nl: 'Berichten van overheidsorganisaties in uw Berichtenbox zetten en de afzender laten weten dat het bericht is afgeleverd.', en: 'Putting messages from government organisations in your inbox and telling the sender that the message was delivered.' },
    data: [
      { nl: 'Onderwerp, tekst en bijlagen van berichten, versleuteld', en: 'Subject, text and attachments of messages, encrypted' },
      { nl: 'Wanneer een bericht is afgeleverd en wanneer u het las', en: 'When a message was delivered and when you read it' },
    ],
    legalBasis: task,
    retention: { kind: 'retain-until', defaultDays: RETENTION_DAYS.messageDefault },
    recipients: [{ nl: 'De afzender: een ontvangstbewijs en of u het bericht heeft gelezen.', en: 'The sender: a receipt and whether you read the message.' }],
  },
  {
    id: 'message-preferences',
    owner: 'inbox',
    category: 'user',
    columns: { message_preferences: ['citizen_id', 'organisation_id', 'allowed', 'changed_at'] },
    rules: [],
    purpose: { nl: 'Bijhouden van welke organisaties u berichten wilt krijgen.', en: 'Recording which organisations you want messages from.' },
    data: [{ nl: 'Per organisatie: aan of uit', en: 'Per organisation: on or off' }],
    legalBasis: task,
    retention: { kind: 'until-changed' },
    recipients: [
      { nl: 'Aangesloten organisaties: of u hun berichten wilt krijgen.', en: 'Connected organisations: whether you accept their messages.' },
      { nl: 'Organisaties die de Berichtenbox als verplicht kanaal gebruiken: ook of uw account is geactiveerd.', en: 'Organisations that use the inbox as their mandatory channel: also whether your account is activated.' },
    ],
  },
  {
    id: 'cases',
    owner: 'cases',
    category: 'cases',
    columns: {
      cases: [
        'citizen_id', 'case_id', 'organisation_id', 'reference', 'source', 'case_type', 'title', 'dossier_url', 'case_type_encrypted', 'title_encrypted',
        'dossier_url_encrypted', 'next_step_encrypted', 'opened_on', 'expected_end_on', 'next_step', 'closed', 'last_changed_at', 'created_at', 'updated_at',
      ],
      case_references: ['organisation_id', 'reference', 'citizen_id', 'case_id'],
      case_statuses: ['citizen_id', 'case_id', 'sequence', 'code', 'label', 'label_encrypted', 'occurred_at', 'final', 'reopens', 'received_at', 'notification_id'],
    },
    rules: [{ table: 'cases', rows: { nl: 'met hun statussen en kenmerk', en: 'with their statuses and reference' }, clock: 'case-closed', days: RETENTION_DAYS.closedCase, action: 'delete', enforcedBy: 'retention' }],
    purpose: { nl: 'U laten zien hoe ver uw aanvragen en andere zaken bij de overheid zijn (Lopende zaken).', en: 'Showing you how far your applications and other cases with government are (Ongoing cases).' },
    data: [{ nl: 'Titel, soort, kenmerk en statussen van uw zaken, zoals de organisatie ze doorgeeft', en: 'Title, type, reference and statuses of your cases, as the organisation reports them' }],
    legalBasis: task,
    retention: { kind: 'period', days: RETENTION_DAYS.closedCase, clock: 'case-closed' },
    recipients: [nobody],
  },
  {
    id: 'profile',
    owner: 'profile',
    category: 'self-entered',
    columns: {
      citizen_profiles: ['citizen_id', 'screen_name_encrypted', 'email_encrypted', 'email_verified_at', 'phone_encrypted'],
      email_verifications: ['citizen_id', 'token_hash', 'email_encrypted', 'expires_at', 'created_at'],
    },
    rules: [
      // Enforced by the profile module's own job (built there); this entry only declares it.
      { table: 'citizen_profiles', clock: 'last-own-login', days: RETENTION_DAYS.selfEnteredWithoutLogin, action: 'delete', enforcedBy: 'profile: self-entered-data-retention (daily, with warnings before)' },
      { table: 'email_verifications', clock: 'created', days: null, action: 'delete', enforcedBy: 'profile: deleted when confirmed, replaced or expired' },
    ],
    purpose: { nl: 'U aanspreken met een naam die u zelf kiest, u een e-mail sturen als er iets nieuws is, en uw telefoonnummer bewaren als u dat invult.', en: 'Addressing you by a name you choose, e-mailing you when there is something new, and keeping your phone number if you enter it.' },
    data: [
      { nl: 'Uw schermnaam of roepnaam (als u die invult), versleuteld', en: 'Your screen name or nickname (if you enter one), encrypted' },
      { nl: 'Uw e-mailadres (als u dat invult), versleuteld, en de bevestigingslink', en: 'Your e-mail address (if you enter one), encrypted, and the confirmation link' },
      { nl: 'Uw telefoonnummer (als u dat invult), versleuteld', en: 'Your phone number (if you enter one), encrypted' },
    ],
    legalBasis: consent,
    retention: selfEntered,
    recipients: [nobody],
  },
  {
    id: 'profile-photo',
    owner: 'profile',
    category: 'self-entered',
    columns: { profile_photos: ['citizen_id', 'photo_encrypted', 'content_type', 'byte_size', 'width', 'height', 'updated_at'] },
    rules: [{ table: 'profile_photos', clock: 'last-own-login', days: RETENTION_DAYS.selfEnteredWithoutLogin, action: 'delete', enforcedBy: 'profile: self-entered-data-retention (daily, with warnings before)' }],
    purpose: { nl: 'Uw profielfoto aan u laten zien op Mijn profiel.', en: 'Showing you your profile photo on My profile.' },
    data: [{ nl: 'Uw profielfoto (als u die toevoegt): verkleind, zonder extra gegevens zoals plaats en datum, versleuteld', en: 'Your profile photo (if you add one): made smaller, without extra data such as place and date, encrypted' }],
    legalBasis: consent,
    retention: selfEntered,
    recipients: [nobody],
  },
  {
    id: 'saved-addresses',
    owner: 'profile',
    category: 'self-entered',
    columns: { saved_addresses: ['citizen_id', 'address_id', 'label_encrypted', 'address_encrypted', 'created_at'] },
    rules: [{ table: 'saved_addresses', clock: 'last-own-login', days: RETENTION_DAYS.selfEnteredWithoutLogin, action: 'delete', enforcedBy: 'profile: self-entered-data-retention (daily, with warnings before)' }],
    purpose: { nl: 'Adressen bewaren die u zelf opslaat, zoals een vakantie- of zorgadres.', en: 'Keeping addresses you save yourself, such as a holiday or care address.' },
    data: [{ nl: 'Per adres: de naam die u het geeft, straat en huisnummer, postcode en plaats, versleuteld', en: 'Per address: the name you give it, street and house number, postcode and town, encrypted' }],
    legalBasis: consent,
    retention: selfEntered,
    recipients: [nobody],
  },
  {
    id: 'self-entered-data-retention',
    owner: 'profile',
    category: 'self-entered',
    columns: { self_entered_data_warnings: ['citizen_id', 'days_before', 'login_basis', 'sent_at'] },
    rules: [{ table: 'self_entered_data_warnings', clock: 'last-own-login', days: RETENTION_DAYS.selfEnteredWithoutLogin, action: 'delete', enforcedBy: 'profile: self-entered-data-retention (daily, with warnings before)' }],
    purpose: {
      nl: 'U waarschuwen voordat wij uw zelf ingevulde gegevens wissen na 2 jaar zonder inloggen, en elke waarschuwing maar één keer sturen.',
      en: 'Warning you before we delete your self-entered data after 2 years without logging in, and sending each warning only once.',
    },
    data: [{ nl: 'Welke waarschuwing (60, 14 of 1 dag vooraf) wij wanneer stuurden', en: 'Which warning (60, 14 or 1 day before) we sent and when' }],
    legalBasis: task,
    retention: { kind: 'until-changed' },
    recipients: [{ nl: 'De mailserver die de waarschuwing aflevert bij uw e-mailadres.', en: 'The mail server that delivers the warning to your address.' }],
  },
  {
    id: 'verification-mail-limit',
    owner: 'profile',
    category: 'session-security-logs',
    columns: { verification_mail_log: ['citizen_id', 'address_hash', 'sent_at'] },
    rules: [{ table: 'verification_mail_log', clock: 'created', days: 1, action: 'delete', enforcedBy: 'profile: when the next verification mail is sent' }],
    purpose: {
      nl: 'Voorkomen dat iemand via Burgerportaal veel bevestigingsmails naar andermans e-mailadres stuurt.',
      en: "Preventing anyone from sending many confirmation mails to someone else's address through the portal.",
    },
    data: [{ nl: 'Wanneer een bevestigingsmail werd verstuurd, met een vingerafdruk van het e-mailadres (niet het adres zelf)', en: 'When a confirmation mail was sent, with a fingerprint of the address (not the address itself)' }],
    legalBasis: task,
    retention: { kind: 'period', days: 1 },
    recipients: [nobody],
  },
  {
    id: 'notifications',
    owner: 'notifications',
    category: 'notification-logs',
    columns: {
      notification_outbox: ['citizen_id', 'not_before', 'attempts', 'leased_until', 'notification_id', 'lease_id', 'dirty', 'created_at'],
      notification_log: ['citizen_id', 'notification_id', 'attempt', 'occurred_at', 'outcome', 'detail'],
    },
    rules: [
      { table: 'notification_outbox', clock: 'created', days: null, action: 'delete', enforcedBy: 'notifications: notification-mail (when the mail is sent or given up)' },
      { table: 'notification_log', clock: 'created', days: RETENTION_DAYS.notificationLog, action: 'delete', enforcedBy: 'retention' },
    ],
    purpose: { nl: 'U een e-mail sturen dat er een nieuw bericht of een nieuwe status is (zonder de inhoud), en bijhouden of dat lukte.', en: 'E-mailing you that there is a new message or status (without the content), and recording whether that worked.' },
    data: [{ nl: 'Wanneer een e-mail is verstuurd of mislukte, en waarom', en: 'When an e-mail was sent or failed, and why' }],
    legalBasis: task,
    retention: { kind: 'period', days: RETENTION_DAYS.notificationLog, clock: 'created' },
    recipients: [{ nl: 'De mailserver die de e-mail aflevert bij uw e-mailadres.', en: 'The mail server that delivers the e-mail to your address.' }],
  },
  {
    id: 'access-export',
    owner: 'rights',
    category: 'user',
    columns: {
      access_exports: ['citizen_id', 'export_id', 'status', 'assurance', 'language', 'include_attachments', 'json_encrypted', 'pdf_encrypted', 'requested_at', 'leased_until', 'ready_at', 'expires_at'],
    },
    rules: [{ table: 'access_exports', clock: 'created', days: 7, action: 'delete', enforcedBy: 'rights: access-export (every 30 s, EXPORT_RETENTION_HOURS)' }],
    purpose: { nl: 'U een kopie geven van alle gegevens die Burgerportaal over u bewaart (inzage, AVG artikel 15).', en: 'Giving you a copy of all data the portal keeps about you (access, GDPR Article 15).' },
    data: [{ nl: 'Het bestand met uw gegevens (PDF en JSON), versleuteld', en: 'The file with your data (PDF and JSON), encrypted' }],
    legalBasis: { nl: 'Wettelijke verplichting: uw recht op inzage (AVG artikel 6 lid 1 onder c en artikel 15).', en: 'Legal obligation: your right of access (GDPR Article 6(1)(c) and Article 15).' },
    retention: { kind: 'period', days: 7 },
    recipients: [nobody],
  },
  {
    id: 'rights-requests',
    owner: 'rights',
    category: 'user',
    columns: {
      rights_requests: [
        'citizen_id', 'request_id', 'right', 'data_kind', 'authority_organisation_id', 'authority_name', 'explanation_encrypted', 'status', 'reason_encrypted',
        'extension_reason_encrypted', 'forwarded_to', 'received_at', 'forwarded_at', 'decided_at', 'deadline', 'updated_at',
      ],
    },
    rules: [],
    purpose: {
      nl: 'Uw verzoek om gegevens te verbeteren of te wissen, of uw bezwaar, doorsturen naar de organisatie die verantwoordelijk is, en u laten volgen hoe het ermee staat.',
      en: 'Forwarding your request to correct or erase data, or your objection, to the organisation that is responsible, and letting you follow it.',
    },
    data: [
      { nl: 'Wat u vraagt, over welke gegevens, en uw uitleg (versleuteld)', en: 'What you ask, about which data, and your explanation (encrypted)' },
      { nl: 'De status, de termijn en de reden van een weigering of verlenging', en: 'The status, the deadline and the reason for a refusal or extension' },
    ],
    legalBasis: { nl: 'Wettelijke verplichting: uw rechten uit de AVG (artikel 6 lid 1 onder c en artikelen 12, 16, 17, 18 en 21).', en: 'Legal obligation: your rights under the GDPR (Article 6(1)(c) and Articles 12, 16, 17, 18 and 21).' },
    retention: { kind: 'account' },
    recipients: [{ nl: 'De organisatie die verantwoordelijk is voor de gegevens: uw verzoek, met uw BSN.', en: 'The organisation responsible for the data: your request, with your BSN.' }],
  },
  {
    id: 'audit-log',
    owner: 'audit',
    category: 'admin-logs',
    columns: { audit_log: ['seq', 'leaf_index', 'month', 'appended_at', 'entry', 'leaf_hash'] },
    rules: [{ table: 'audit_log', rows: { nl: 'per hele maand', en: 'by whole months' }, clock: 'created', days: RETENTION_DAYS.adminLogs, action: 'delete', enforcedBy: 'retention' }],
    purpose: {
      nl: 'Vastleggen wat beheerders en medewerkers van organisaties in het beheer van Burgerportaal veranderden, zodat dat achteraf te controleren is.',
      en: 'Recording what administrators and organisations\' staff changed in the management of the portal, so that it can be checked afterwards.',
    },
    data: [{ nl: 'Wie (naam en account), wat (voor en na, zonder inhoud van berichten), wanneer en vanaf welk ingekort IP-adres', en: 'Who (name and account), what (before and after, without message content), when and from which shortened IP address' }],
    legalBasis: task,
    retention: { kind: 'period', days: RETENTION_DAYS.adminLogs, clock: 'created' },
    recipients: [nobody],
  },
  {
    id: 'helpdesk',
    owner: 'helpdesk',
    category: 'helpdesk',
    columns: {
      helpdesk_klantcontacten: [
        'uuid', 'nummer', 'soort', 'kanaal', 'onderwerp_encrypted', 'taal', 'vertrouwelijk', 'plaatsgevonden_op', 'citizen_id', 'deadline_at', 'deferred_until', 'deferral_reason', 'handled_at', 'contact_erased_at',
      ],
      helpdesk_betrokkenen: ['uuid', 'klantcontact_uuid', 'rol', 'initiator', 'citizen_id', 'naam_encrypted', 'email_encrypted', 'telefoon_encrypted'],
      helpdesk_interne_taken: ['uuid', 'klantcontact_uuid', 'gevraagde_handeling', 'status', 'toegewezen_op', 'afgehandeld_op'],
      helpdesk_berichten: ['uuid', 'klantcontact_uuid', 'author', 'body_encrypted', 'created_at'],
      helpdesk_access_tokens: ['token_hash', 'klantcontact_uuid', 'created_at'],
    },
    rules: [
      { table: 'helpdesk_betrokkenen', rows: { nl: 'naam, e-mailadres en telefoonnummer', en: 'name, e-mail address and phone number' }, clock: 'created', days: CONTACT_RETENTION_DAYS, action: 'anonymise', enforcedBy: 'helpdesk: helpdesk-retention (hourly, counted from handling)' },
      { table: 'helpdesk_klantcontacten', clock: 'created', days: THREAD_RETENTION_DAYS, action: 'delete', enforcedBy: 'helpdesk: helpdesk-retention (hourly, counted from handling)' },
    ],
    purpose: {
      nl: 'Uw vraag of klacht behandelen en u het antwoord laten lezen. Uw contactgegevens gebruiken wij alleen daarvoor.',
      en: 'Handling your question or complaint and letting you read the answer. We use your contact details for that only.',
    },
    data: [
      { nl: 'Uw vraag of klacht, het onderwerp en onze antwoorden, versleuteld opgeslagen', en: 'Your question or complaint, its subject and our answers, stored encrypted' },
      {
        nl: `Uw naam, e-mailadres en telefoonnummer, versleuteld; ${CONTACT_RETENTION_DAYS} dagen na de afhandeling gewist`,
        en: `Your name, e-mail address and phone number, encrypted; deleted ${CONTACT_RETENTION_DAYS} days after handling`,
      },
    ],
    legalBasis: task,
    // The thread itself stays a year after handling, for the yearly complaints report (Awb 9:12a).
    retention: { kind: 'period', days: THREAD_RETENTION_DAYS },
    recipients: [nobody],
  },
  {
    id: 'helpdesk-lookups',
    owner: 'helpdesk',
    category: 'helpdesk',
    columns: { helpdesk_lookups: ['citizen_id', 'uuid', 'console_account_id', 'console_user_name', 'reason', 'looked_up_at'] },
    rules: [],
    purpose: {
      nl: 'Vastleggen wanneer een medewerker van de helpdesk uw account bekeek, wie dat was en waarom, zodat u dat kunt zien.',
      en: 'Recording when a helpdesk employee looked at your account, who it was and why, so that you can see it.',
    },
    data: [{ nl: 'Wanneer, de naam van de medewerker en de reden', en: 'When, the employee\'s name and the reason' }],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [nobody],
  },
  {
    id: 'console-accounts',
    owner: 'console',
    category: 'staff',
    columns: {
      console_accounts: [
        'account_id', 'organisation_id', 'username', 'full_name', 'status', 'business_phone', 'business_email', 'last_ip_address', 'contact_person', 'operator_staff',
        'last_login_at', 'failed_logins', 'password_hash', 'password_changed_at', 'totp_secret_encrypted', 'totp_last_step', 'roles', 'created_at',
      ],
    },
    rules: [],
    purpose: {
      nl: 'Medewerkers van Burgerportaal en contactpersonen van aangesloten organisaties laten inloggen op het beheer (/beheer), met de rollen die bepalen wat zij daar mogen.',
      en: 'Letting staff of the portal and contact persons of connected organisations log in to the administration (/beheer), with the roles that decide what they may do there.',
    },
    data: [
      { nl: 'Organisatie, gebruikersnaam, volledige naam, status (actief of geblokkeerd) en rollen (Gebruiker, Beheerder, Organisatie, Planner)', en: 'Organisation, username, full name, status (active or blocked) and roles (User, Administrator, Organisation, Planner)' },
      { nl: 'Zakelijk telefoonnummer en e-mailadres, of iemand contactpersoon of medewerker van Burgerportaal is', en: 'Business phone and e-mail, whether someone is a contact person or staff of the portal' },
      { nl: 'Laatste inlog, laatste ingekorte IP-adres, aantal mislukte pogingen, datum van de laatste wachtwoordwijziging', en: 'Last login, last shortened IP address, number of failed attempts, date of the last password change' },
      { nl: 'Het wachtwoord alleen als argon2id-hash en het geheim van de tweede factor versleuteld', en: 'The password only as an argon2id hash and the second-factor secret encrypted' },
    ],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [nobody],
  },
  {
    id: 'console-login-attempts',
    owner: 'console',
    category: 'staff',
    columns: { console_login_attempts: ['attempt_id', 'account_id', 'attempted_at', 'outcome', 'client_address'] },
    rules: [{ table: 'console_login_attempts', clock: 'created', days: LOGIN_ATTEMPT_RETENTION_DAYS, action: 'delete', enforcedBy: 'console: console-login-attempt-retention (hourly)' }],
    purpose: {
      nl: 'Inbraakpogingen op beheeraccounts herkennen en een account na herhaalde mislukte pogingen blokkeren.',
      en: 'Recognising break-in attempts on administration accounts and blocking an account after repeated failed attempts.',
    },
    data: [{ nl: 'Per poging op een bestaand account: wanneer, de uitkomst en het ingekorte IP-adres', en: 'Per attempt on an existing account: when, the outcome and the shortened IP address' }],
    legalBasis: task,
    retention: { kind: 'period', days: LOGIN_ATTEMPT_RETENTION_DAYS },
    recipients: [nobody],
  },
  {
    id: 'console-sessions',
    owner: 'console',
    category: 'staff',
    columns: { console_sessions: ['session_hash', 'account_id', 'stage', 'csrf_secret', 'language', 'created_at', 'last_seen_at', 'absolute_expires_at'] },
    rules: [{ table: 'console_sessions', clock: 'session-end', days: null, action: 'delete', enforcedBy: 'console: console-session-sweep (every minute)' }],
    purpose: { nl: 'Een beheerder of contactpersoon ingelogd houden op het beheer.', en: 'Keeping an administrator or contact person logged in to the administration.' },
    data: [{ nl: 'Welk account is ingelogd, de taalkeuze en wanneer de sessie voor het laatst werd gebruikt', en: 'Which account is logged in, the language and when the session was last used' }],
    legalBasis: task,
    retention: { kind: 'session', idleMinutes: CONSOLE_IDLE_TIMEOUT_MS / 60_000, maxHours: CONSOLE_ABSOLUTE_TIMEOUT_MS / 3_600_000 },
    recipients: [nobody],
  },
  {
    id: 'legal-holds',
    owner: 'retention',
    category: 'admin-logs',
    columns: { legal_holds: ['hold_id', 'record_type', 'record_id', 'reason', 'placed_at', 'placed_by', 'released_at'] },
    rules: [],
    purpose: { nl: 'Gegevens bewaren die nodig zijn voor een rechtszaak of onderzoek, ook als hun bewaartermijn voorbij is.', en: 'Keeping data needed for a court case or investigation, even after its retention period.' },
    data: [{ nl: 'Welk gegeven (een intern nummer), waarom, door wie en wanneer', en: 'Which record (an internal number), why, by whom and when' }],
    legalBasis: { nl: 'Wettelijke verplichting (AVG artikel 6 lid 1 onder c).', en: 'Legal obligation (GDPR Article 6(1)(c)).' },
    retention: { kind: 'until-changed' },
    recipients: [nobody],
  },
  {
    id: 'representation',
    owner: 'representation',
    category: 'representation',
    columns: {
      mandates: [
        'grantor_id', 'mandate_id', 'representative_id', 'kind', 'services', 'organisations', 'valid_from', 'valid_until', 'status', 'acceptance_code', 'failed_attempts',
        'grantor_name_encrypted', 'representative_name_encrypted', 'created_at', 'accepted_at', 'ended_at', 'end_reason', 'first_used_at', 'organisation_id', 'reference',
        'legal_basis', 'authentication_context_encrypted', 'notify_representative',
      ],
    },
    rules: [{ table: 'mandates', rows: { nl: 'beëindigde machtigingen', en: 'ended mandates' }, clock: 'mandate-ended', days: MANDATE_RETENTION_DAYS, action: 'delete', enforcedBy: 'representation: mandate-retention (hourly)' }],
    purpose: {
      nl: 'Iemand anders zaken voor u laten regelen, of u voor iemand anders: machtigingen tussen burgers en curatele, bewind of mentorschap die een organisatie registreerde. Wat een vertegenwoordiger namens u doet of probeert, staat in uw gebruiksgeschiedenis.',
      en: 'Letting someone else arrange things for you, or you for someone else: mandates between citizens and guardianship, administration or mentorship registered by an organisation. What a representative does or tries for you is in your usage history.',
    },
    data: [
      { nl: 'Wie wie vertegenwoordigt, voor welke onderdelen en organisaties, van wanneer tot wanneer', en: 'Who represents whom, for which parts and organisations, from when until when' },
      { nl: 'De namen van beide kanten (versleuteld) en de code om een machtiging te accepteren', en: 'The names of both sides (encrypted) and the code to accept a mandate' },
      { nl: 'Bij curatele, bewind of mentorschap: de organisatie, haar kenmerk en de wettelijke grondslag', en: 'For guardianship, administration or mentorship: the organisation, its reference and the legal basis' },
      { nl: 'Of de vertegenwoordiger een e-mail wil krijgen bij een nieuw bericht voor de vertegenwoordigde', en: 'Whether the representative wants an e-mail when the represented person gets a new message' },
    ],
    legalBasis: task,
    retention: { kind: 'after-end', days: MANDATE_RETENTION_DAYS },
    recipients: [nobody],
  },
];

/** Every table an activity declares. */
export function catalogueTables(): string[] {
  return PROCESSING_CATALOGUE.flatMap((activity) => Object.keys(activity.columns));
}

/**
 * The live columns (table.column) that no activity declares and whose table is not in
 * TABLES_WITHOUT_PERSONAL_DATA: personal data the portal would process without saying so.
 */
export function undeclaredColumns(live: readonly { table: string; column: string }[]): string[] {
  const declared = new Set(PROCESSING_CATALOGUE.flatMap((activity) => Object.entries(activity.columns).flatMap(([table, columns]) => columns.map((column) => `${table}.${column}`))));
  return live
    .filter(({ table }) => !(table in TABLES_WITHOUT_PERSONAL_DATA))
    .map(({ table, column }) => `${table}.${column}`)
    .filter((name) => !declared.has(name))
    .sort();
}

/** Tables that hold no personal data, with the reason; together with the catalogue they cover every table. */
export const TABLES_WITHOUT_PERSONAL_DATA: Readonly<Record<string, string>> = {
  organisations: 'connected organisations: OIN, name, capabilities and keys',
  kysely_migration: 'which database migrations ran',
  kysely_migration_lock: 'the lock that keeps two migrations from running at once',
  key_usage: 'how many encryptions each data key has made (key id and a count)',
  audit_checkpoints: 'signed monthly checkpoints of the audit log: tree sizes and hashes',
  audit_anchor: 'where the audit log continues after old months were dropped: a month and a tree size',
  wave_plans: 'waves organisations announce: organisation, window, expected number of messages',
  delivery_minutes: 'messages admitted per organisation per minute (a count)',
  statistics_daily: 'usage figures per day: counts of groups (at least the suppression threshold when published), never about a person',
  delivery_refusals: 'refused deliveries counted per organisation, day and reason class; no recipient or content',
};

/** The retention of an activity as one sentence in the reader's language, from the values the code uses. */
export function retentionText(retention: Retention, language: Language): string {
  switch (retention.kind) {
    case 'session':
      return language === 'nl'
        ? `Alleen zolang u bent ingelogd. Alles wordt gewist als u uitlogt, na ${retention.idleMinutes} minuten zonder activiteit, of uiterlijk na ${retention.maxHours} uur.`
        : `Only while you are logged in. Everything is deleted when you log out, after ${retention.idleMinutes} minutes without activity, or after ${retention.maxHours} hours at most.`;
    case 'until-changed':
      return language === 'nl' ? 'Tot u het wijzigt of verwijdert. Een oude waarde bewaren wij niet.' : 'Until you change or remove it. We do not keep an old value.';
    case 'account':
      return language === 'nl' ? 'Zolang uw account bestaat.' : 'As long as your account exists.';
    case 'after-end':
      return language === 'nl'
        ? `Zolang de vertegenwoordiging loopt, en daarna nog ${retention.days} dagen; daarna wordt het gewist.`
        : `As long as the representation runs, and ${retention.days} days after it ended; then it is deleted.`;
    case 'until-changed-or-inactive':
      return language === 'nl'
        ? `Tot u het wijzigt of verwijdert; een oude waarde bewaren wij niet. Logt u ${retention.years} jaar niet zelf in, dan wissen wij het (u krijgt vooraf een e-mail).`
        : `Until you change or remove it; we do not keep an old value. If you do not log in yourself for ${retention.years} years, we delete it (you get an e-mail beforehand).`;
    case 'period': {
      const since = retention.clock ? CLOCK_TEXT[retention.clock][language] : '';
      return language === 'nl'
        ? `${retention.days} ${retention.days === 1 ? 'dag' : 'dagen'}${since ? ` ${since}` : ''}; daarna wordt het gewist.`
        : `${retention.days} ${retention.days === 1 ? 'day' : 'days'}${since ? ` ${since}` : ''}; then it is deleted.`;
    }
    case 'retain-until':
      return language === 'nl'
        ? `Tot de datum die de afzender meegeeft. Zonder datum: de bewaartermijn van de organisatie, of anders ${retention.defaultDays} dagen na aflevering.`
        : `Until the date the sender gives. Without a date: the organisation's retention period, or otherwise ${retention.defaultDays} days after delivery.`;
  }
}

/** The clock of a rule in words ("after …"). */
export const CLOCK_TEXT: Record<RetentionClock, Text> = {
  created: { nl: 'na het ontstaan', en: 'after it was recorded' },
  'last-own-login': { nl: 'na uw laatste eigen inlog', en: 'after your last own login' },
  'session-end': { nl: 'na het einde van de sessie', en: 'after the session ends' },
  'case-closed': { nl: 'na het sluiten van de zaak', en: 'after the case was closed' },
  'retain-until': { nl: 'na de bewaardatum van het bericht', en: "after the message's retain-until date" },
  'mandate-ended': { nl: 'na het einde van de machtiging', en: 'after the mandate ended' },
};

/** The action of a rule in words. */
export const ACTION_TEXT: Record<RetentionAction, Text> = {
  delete: { nl: 'wissen', en: 'delete' },
  anonymise: { nl: 'anonimiseren', en: 'anonymise' },
  'aggregate-then-delete': { nl: 'eerst tellen, dan wissen', en: 'count first, then delete' },
};
