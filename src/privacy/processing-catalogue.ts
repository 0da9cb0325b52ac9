import { INACTIVITY_YEARS } from '../profile/index.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../platform/http/sessions.ts';
import type { Language } from '../platform/i18n.ts';

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
  /** Deleted once older than `days` (by the job or code named in the activity's owner module). */
  | { kind: 'period'; days: number }
  /** Until changed or removed, and deleted after `years` without the citizen's own login. */
  | { kind: 'until-changed-or-inactive'; years: number };

/** One thing the portal does with personal data: why, what, how long, who receives it. */
export interface ProcessingActivity {
  id: string;
  /** The module that owns the data (src/<module>). */
  owner: string;
  /** The database tables that hold it; every table of the portal is in exactly one activity. */
  tables: string[];
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
    tables: ['citizens', 'citizen_lookup', 'login_history', 'processing_log'],
    purpose: { nl: 'U een account geven, u laten inloggen met DigiD en u laten zien wat er met uw account is gebeurd.', en: 'Giving you an account, letting you log in with DigiD and showing you what happened with your account.' },
    data: [
      { nl: 'Uw burgerservicenummer (BSN), versleuteld opgeslagen', en: 'Your citizen service number (BSN), stored encrypted' },
      { nl: 'Wanneer uw account is geactiveerd en wanneer u voor het laatst inlogde', en: 'When your account was activated and when you last logged in' },
      { nl: 'Inlogmomenten: begin, einde en betrouwbaarheidsniveau', en: 'Logins: start, end and assurance level' },
      { nl: 'Wat u of iemand namens u in Burgerportaal deed (gebruiksgeschiedenis)', en: 'What you or someone on your behalf did in the portal (usage history)' },
      {
        nl: 'Beveiligingsgebeurtenissen (mislukte inlogpogingen, geweigerde verzoeken) met een ingekort IP-adres en het soort apparaat; deze worden na 180 dagen gewist',
        en: 'Security events (failed logins, refused requests) with a shortened IP address and the kind of device; these are deleted after 180 days',
      },
    ],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [nobody],
  },
  {
    id: 'session',
    owner: 'platform',
    tables: ['sessions'],
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
    tables: ['session_register_data'],
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
    tables: ['external_mailbox_consents'],
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
    tables: ['external_mailbox_cache'],
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
    tables: ['messages', 'message_attachments', 'receipt_batches'],
    purpose: { nl: 'Berichten van overheidsorganisaties in uw Berichtenbox zetten en de afzender laten weten dat het bericht is afgeleverd.', en: 'Putting messages from government organisations in your inbox and telling the sender that the message was delivered.' },
    data: [
      { nl: 'Onderwerp, tekst en bijlagen van berichten, versleuteld', en: 'Subject, text and attachments of messages, encrypted' },
      { nl: 'Wanneer een bericht is afgeleverd en wanneer u het las', en: 'When a message was delivered and when you read it' },
    ],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [{ nl: 'De afzender: een ontvangstbewijs en of u het bericht heeft gelezen.', en: 'The sender: a receipt and whether you read the message.' }],
  },
  {
    id: 'message-preferences',
    owner: 'inbox',
    tables: ['message_preferences'],
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
    tables: ['cases', 'case_references', 'case_statuses'],
    purpose: { nl: 'U laten zien hoe ver uw aanvragen en andere zaken bij de overheid zijn (Lopende zaken).', en: 'Showing you how far your applications and other cases with government are (Ongoing cases).' },
    data: [{ nl: 'Titel, soort, kenmerk en statussen van uw zaken, zoals de organisatie ze doorgeeft', en: 'Title, type, reference and statuses of your cases, as the organisation reports them' }],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [nobody],
  },
  {
    id: 'profile',
    owner: 'profile',
    tables: ['citizen_profiles', 'email_verifications'],
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
    tables: ['profile_photos'],
    purpose: { nl: 'Uw profielfoto aan u laten zien op Mijn profiel.', en: 'Showing you your profile photo on My profile.' },
    data: [{ nl: 'Uw profielfoto (als u die toevoegt): verkleind, zonder extra gegevens zoals plaats en datum, versleuteld', en: 'Your profile photo (if you add one): made smaller, without extra data such as place and date, encrypted' }],
    legalBasis: consent,
    retention: selfEntered,
    recipients: [nobody],
  },
  {
    id: 'saved-addresses',
    owner: 'profile',
    tables: ['saved_addresses'],
    purpose: { nl: 'Adressen bewaren die u zelf opslaat, zoals een vakantie- of zorgadres.', en: 'Keeping addresses you save yourself, such as a holiday or care address.' },
    data: [{ nl: 'Per adres: de naam die u het geeft, straat en huisnummer, postcode en plaats, versleuteld', en: 'Per address: the name you give it, street and house number, postcode and town, encrypted' }],
    legalBasis: consent,
    retention: selfEntered,
    recipients: [nobody],
  },
  {
    id: 'self-entered-data-retention',
    owner: 'profile',
    tables: ['self_entered_data_warnings'],
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
    tables: ['verification_mail_log'],
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
    tables: ['notification_outbox', 'notification_log'],
    purpose: { nl: 'U een e-mail sturen dat er een nieuw bericht of een nieuwe status is (zonder de inhoud), en bijhouden of dat lukte.', en: 'E-mailing you that there is a new message or status (without the content), and recording whether that worked.' },
    data: [{ nl: 'Wanneer een e-mail is verstuurd of mislukte, en waarom', en: 'When an e-mail was sent or failed, and why' }],
    legalBasis: task,
    retention: { kind: 'account' },
    recipients: [{ nl: 'De mailserver die de e-mail aflevert bij uw e-mailadres.', en: 'The mail server that delivers the e-mail to your address.' }],
  },
  {
    id: 'access-export',
    owner: 'rights',
    tables: ['access_exports'],
    purpose: { nl: 'U een kopie geven van alle gegevens die Burgerportaal over u bewaart (inzage, AVG artikel 15).', en: 'Giving you a copy of all data the portal keeps about you (access, GDPR Article 15).' },
    data: [{ nl: 'Het bestand met uw gegevens (PDF en JSON), versleuteld', en: 'The file with your data (PDF and JSON), encrypted' }],
    legalBasis: { nl: 'Wettelijke verplichting: uw recht op inzage (AVG artikel 6 lid 1 onder c en artikel 15).', en: 'Legal obligation: your right of access (GDPR Article 6(1)(c) and Article 15).' },
    retention: { kind: 'period', days: 7 },
    recipients: [nobody],
  },
  {
    id: 'rights-requests',
    owner: 'rights',
    tables: ['rights_requests'],
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
    tables: ['audit_log'],
    purpose: {
      nl: 'Vastleggen wat beheerders en medewerkers van organisaties in het beheer van Burgerportaal veranderden, zodat dat achteraf te controleren is.',
      en: 'Recording what administrators and organisations\' staff changed in the management of the portal, so that it can be checked afterwards.',
    },
    data: [{ nl: 'Wie (naam en account), wat (voor en na, zonder inhoud van berichten), wanneer en vanaf welk ingekort IP-adres', en: 'Who (name and account), what (before and after, without message content), when and from which shortened IP address' }],
    legalBasis: task,
    retention: { kind: 'period', days: 5 * 365 + 1 },
    recipients: [nobody],
  },
];

/** Tables that hold no personal data, with the reason; together with the catalogue they cover every table. */
export const TABLES_WITHOUT_PERSONAL_DATA: Readonly<Record<string, string>> = {
  organisations: 'connected organisations: OIN, name, capabilities and keys',
  kysely_migration: 'which database migrations ran',
  kysely_migration_lock: 'the lock that keeps two migrations from running at once',
  key_usage: 'how many encryptions each data key has made (key id and a count)',
  wave_plans: 'waves organisations announce: organisation, window, expected number of messages',
  delivery_minutes: 'messages admitted per organisation per minute (a count)',
  statistics_daily: 'usage figures per day: counts of groups (at least the suppression threshold when published), never about a person',
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
    case 'until-changed-or-inactive':
      return language === 'nl'
        ? `Tot u het wijzigt of verwijdert; een oude waarde bewaren wij niet. Logt u ${retention.years} jaar niet zelf in, dan wissen wij het (u krijgt vooraf een e-mail).`
        : `Until you change or remove it; we do not keep an old value. If you do not log in yourself for ${retention.years} years, we delete it (you get an e-mail beforehand).`;
    case 'period':
      return language === 'nl'
        ? `${retention.days} ${retention.days === 1 ? 'dag' : 'dagen'}; daarna wordt het gewist.`
        : `${retention.days} ${retention.days === 1 ? 'day' : 'days'}; then it is deleted.`;
  }
}
