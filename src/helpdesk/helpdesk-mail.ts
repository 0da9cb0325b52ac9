import { formatDate, type Language } from '../platform/i18n.ts';

/** The helpdesk's mails, in the language the citizen wrote in. No question or answer text in a mail. */
export function receivedMail(input: { language: Language; nummer: string; link: string; complaint: boolean; deadline: Date | null }) {
  const nl = input.language === 'nl';
  const what = input.complaint ? (nl ? 'klacht' : 'complaint') : nl ? 'vraag' : 'question';
  const deadline = input.deadline ? (nl ? `\nWij behandelen uw klacht uiterlijk op ${formatDate(input.deadline, 'nl')}.` : `\nWe will handle your complaint by ${formatDate(input.deadline, 'en')}.`) : '';
  return nl
    ? { subject: `Wij hebben uw ${what} ontvangen (${input.nummer})`, text: `Wij hebben uw ${what} ontvangen. Het nummer is ${input.nummer}.${deadline}\n\nU leest ons antwoord via deze link:\n${input.link}\n\nDeel deze link met niemand.` }
    : { subject: `We received your ${what} (${input.nummer})`, text: `We received your ${what}. Its number is ${input.nummer}.${deadline}\n\nRead our answer via this link:\n${input.link}\n\nDo not share this link.` };
}

export function answeredMail(input: { language: Language; nummer: string; link: string }) {
  return input.language === 'nl'
    ? { subject: `Er is een antwoord op ${input.nummer}`, text: `De helpdesk van Burgerportaal heeft geantwoord op ${input.nummer}.\n\nLees het antwoord via deze link:\n${input.link}\n\nDeel deze link met niemand.` }
    : { subject: `There is an answer to ${input.nummer}`, text: `The Burgerportaal helpdesk answered ${input.nummer}.\n\nRead the answer via this link:\n${input.link}\n\nDo not share this link.` };
}

/** The written notice of a deferral (Awb 9:11 lid 2): the new date and the reason. */
export function deferralMail(input: { language: Language; nummer: string; link: string; until: Date; reason: string }) {
  return input.language === 'nl'
    ? { subject: `Uw klacht ${input.nummer}: wij hebben meer tijd nodig`, text: `Wij kunnen uw klacht ${input.nummer} niet binnen zes weken afhandelen. Wij stellen de behandeling uit tot uiterlijk ${formatDate(input.until, 'nl')} (Algemene wet bestuursrecht, artikel 9:11 lid 2).\n\nReden: ${input.reason}\n\nU leest alles via deze link:\n${input.link}` }
    : { subject: `Your complaint ${input.nummer}: we need more time`, text: `We cannot handle your complaint ${input.nummer} within six weeks. We defer handling until ${formatDate(input.until, 'en')} at the latest (General Administrative Law Act, article 9:11(2)).\n\nReason: ${input.reason}\n\nRead everything via this link:\n${input.link}` };
}

/** The deferral as it appears in the thread. */
export function deferralNotice(input: { language: Language; until: Date; reason: string }): string {
  return input.language === 'nl'
    ? `Wij stellen de behandeling van uw klacht uit tot uiterlijk ${formatDate(input.until, 'nl')}. Reden: ${input.reason}`
    : `We defer handling your complaint until ${formatDate(input.until, 'en')} at the latest. Reason: ${input.reason}`;
}
