// The texts of the legal notice, privacy notice and accessibility statement, in German and
// English. Every number a text states comes from the service's settings (GET /api/v1/site/legal),
// so a changed retention period or throttle changes the text with it.
import type { Lang } from '../i18n/routes';
import type { RequiredSetting, SiteLegal } from './queries';

/** Seconds as whole minutes, hours or days, in words; German days take the dative after "nach", "in", "von". */
export function duration(seconds: number, lang: Lang, dative = false): string {
  const units: [number, string, string, string, string][] = [
    [86_400, 'Tag', dative ? 'Tagen' : 'Tage', 'day', 'days'],
    [3_600, 'Stunde', 'Stunden', 'hour', 'hours'],
    [60, 'Minute', 'Minuten', 'minute', 'minutes'],
    [1, 'Sekunde', 'Sekunden', 'second', 'seconds'],
  ];
  const [size, deOne, deMany, enOne, enMany] = units.find(([unit]) => seconds % unit === 0 && seconds >= unit) ?? units[units.length - 1]!;
  const n = seconds / size;
  return lang === 'de' ? `${n} ${n === 1 ? deOne : deMany}` : `${n} ${n === 1 ? enOne : enMany}`;
}
const days = (n: number, lang: Lang, dative = false) => duration(n * 86_400, lang, dative);

/** The environment variable an operator sets for each required value. */
export const SETTING_NAMES: Record<RequiredSetting | 'vat_id', string> = {
  responsible_person: 'KIPNI_SITE_RESPONSIBLE_PERSON',
  vat_id: 'KIPNI_SITE_VAT_ID',
  data_protection_officer: 'KIPNI_SITE_DATA_PROTECTION_OFFICER',
  supervisory_authority: 'KIPNI_SITE_SUPERVISORY_AUTHORITY',
  arbitration_body: 'KIPNI_SITE_ARBITRATION_BODY',
};

/** A paragraph: plain text, or text with a link to the contact form in the middle. */
export type Paragraph = string | { before: string; link: string; after: string };
export interface Section {
  id: string;
  title: string;
  paragraphs: Paragraph[];
}

const de = {
  missingTitle: 'Angabe fehlt',
  missing: (what: string, setting: string) =>
    `${what} ist noch nicht hinterlegt. Die Betreiberin muss diese Angabe ergänzen (Einstellung ${setting}); bis dahin steht hier nichts Erfundenes.`,
  settingLabels: {
    responsible_person: 'Die verantwortliche Person',
    data_protection_officer: 'Die Kontaktangabe der oder des Datenschutzbeauftragten',
    supervisory_authority: 'Die Datenschutz-Aufsichtsbehörde',
    arbitration_body: 'Die Schlichtungsstelle',
  } satisfies Record<RequiredSetting, string>,
  legalNotice: {
    title: 'Impressum',
    description: 'Wer für den Internetauftritt der KIP NI verantwortlich ist: Anschrift, Kontakt und Angaben nach § 5 DDG und § 18 MStV.',
    intro: 'Angaben nach § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV).',
    provider: 'Anbieterin',
    body: 'Die Kompetenzstelle Islamismusprävention Niedersachsen (KIP NI) wurde 2016 von der Niedersächsischen Landesregierung eingerichtet. Die Geschäftsführung liegt beim Niedersächsischen Ministerium für Inneres und Sport; wahrgenommen wird sie gemeinsam und gleichberechtigt vom Niedersächsischen Verfassungsschutz und vom Landeskriminalamt Niedersachsen.',
    contact: 'Kontakt',
    contactText: { before: 'Die KIP NI veröffentlicht keine E-Mail-Adresse. Sie erreichen sie über das Formular ', link: '„Nachricht schreiben“', after: '.' },
    responsible: 'Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV',
    responsibleAddress: 'Anschrift wie oben.',
    vat: 'Umsatzsteuer-Identifikationsnummer',
    noVat: 'Keine angegeben. Eine Nummer steht hier nur, wenn die Anbieterin eine hat.',
    data: 'Daten des Verzeichnisses',
    dataText: 'Die Angaben zu Organisationen, Zuständigkeiten und Kontaktwegen pflegt die Redaktion der KIP NI. Sie stehen auch über die offene Schnittstelle bereit.',
  },
  privacy: {
    title: 'Datenschutzerklärung',
    description: 'Welche Daten der Dienst der KIP NI verarbeitet, wofür, wie lange und welche Rechte Sie haben (Art. 13 und 14 DSGVO).',
    intro: 'Hier steht für jede Verarbeitung, die dieser Dienst tatsächlich vornimmt, was gespeichert wird, wer es sieht, auf welcher Rechtsgrundlage und wann es gelöscht wird (Art. 13 und 14 Datenschutz-Grundverordnung, DSGVO). Die Fristen und Grenzen auf dieser Seite kommen aus den Einstellungen des laufenden Dienstes.',
    contents: 'Inhalt',
    dpo: 'Datenschutzbeauftragte oder Datenschutzbeauftragter',
    authority: 'Zuständige Aufsichtsbehörde',
    sections: (d: SiteLegal, address: string): Section[] => [
      {
        id: 'verantwortliche-stelle',
        title: 'Verantwortliche Stelle',
        paragraphs: [
          `Verantwortlich ist die Kompetenzstelle Islamismusprävention Niedersachsen (KIP NI), ${address}.`,
          { before: 'Sie erreichen sie über das Formular ', link: '„Nachricht schreiben“', after: '. Eine E-Mail-Adresse veröffentlicht die KIP NI nicht.' },
        ],
      },
      {
        id: 'keine-cookies',
        title: 'Keine Cookies, kein Tracking',
        paragraphs: [
          'Die öffentlichen Seiten setzen keine Cookies und legen nichts in Ihrem Browser ab. Es gibt keine Reichweitenmessung, keine Werbung und keine eingebundenen Inhalte anderer Anbieter: Schriften, Bilder, Videos und Programmcode kommen von diesem Server.',
          'Erst wenn Sie selbst einen Link nach außen wählen, etwa „In Karten-App öffnen“ (OpenStreetMap) oder den Internetauftritt einer Organisation, verlassen Sie diesen Dienst.',
          `Nur wer sich als Mitarbeiterin, Mitarbeiter oder Partnerstelle anmeldet, erhält ein Cookie. Es dient allein dazu, die Anmeldung höchstens ${days(d.retention.refresh_token_days, 'de')} lang zu erneuern, und gilt nur für die Anmeldeadressen des Dienstes.`,
        ],
      },
      {
        id: 'protokolle',
        title: 'Betriebsprotokolle',
        paragraphs: [
          'Für jede Anfrage schreibt der Dienst eine Zeile in sein Betriebsprotokoll: Zeitpunkt, Art der Anfrage, das Muster der aufgerufenen Adresse (etwa /api/v1/organisations/{slug}, nicht die Adresse mit Ihren Suchbegriffen), Statuscode, Dauer und eine zufällige Anfragekennung (Request-ID). Ihre IP-Adresse, Suchbegriffe und Formulareingaben stehen nicht darin.',
          'Ihre IP-Adresse wird verarbeitet, um Ihnen die Seiten zu senden. Gespeichert wird sie nur dort, wo die folgenden Abschnitte es nennen.',
          'Die Protokolle dienen dem sicheren Betrieb und der Fehlersuche. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Niedersächsisches Datenschutzgesetz (NDSG).',
        ],
      },
      {
        id: 'kontaktformular',
        title: 'Kontaktformular „Nachricht schreiben“',
        paragraphs: [
          'Gespeichert werden Betreff und Text Ihrer Nachricht, wenn Sie möchten Ihr Name und Ihre E-Mail-Adresse für eine Antwort, dazu die Sprache, der Anlass (allgemeine Nachricht oder Rückmeldung zur Barrierefreiheit), die Stelle, an die Sie schreiben, und der Zeitpunkt.',
          'Alles, was Sie eintippen, wird vor dem Speichern verschlüsselt (AES-256-GCM). Es steht nicht im Prüfprotokoll und in keiner E-Mail: Die Mitarbeitenden erfahren per E-Mail nur, dass eine Nachricht eingegangen ist, mit Eingangsnummer und Link.',
          'Lesen können Ihre Nachricht die Mitarbeitenden der Stelle, an die Sie schreiben, die das Recht haben, Nachrichten zu lesen (Redaktion und Koordination), und die Administration des Dienstes. Jedes Öffnen einer Nachricht wird im Prüfprotokoll festgehalten, ohne ihren Inhalt.',
          `Nach ${days(d.retention.message_days, 'de', true)} löscht der Dienst Name, E-Mail-Adresse, Betreff und Text. Übrig bleibt nur, dass an diesem Tag eine Nachricht an diese Stelle einging, und ihr Bearbeitungsstand.`,
          `Gegen massenhaften Versand zählt der Dienst die Nachrichten je IP-Adresse: höchstens ${d.throttles.contact_form.max_attempts} in ${duration(d.throttles.contact_form.window_seconds, 'de', true)}. Der Zähler enthält die Adresse; der Löschlauf entfernt ihn frühestens ${duration(d.throttles.counters_kept_seconds, 'de')} nach seinem Beginn.`,
          'Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 NDSG und Ihre Einwilligung, die Sie vor dem Absenden erklären (Art. 6 Abs. 1 Buchst. a DSGVO); schreiben Sie über Religion, Weltanschauung oder politische Meinungen, auch Art. 9 Abs. 2 Buchst. a DSGVO. Sie können die Einwilligung jederzeit für die Zukunft widerrufen.',
        ],
      },
      {
        id: 'meldungen',
        title: 'Meldungen von Partnerstellen',
        paragraphs: [
          'Partnerstellen wie Schulen, Jugendämter, Jobcenter, Polizeidienststellen und kommunale Netzwerke können über ein geschütztes Portal oder ihre eigene Software einen Fall an die KIP NI übergeben. Dieser Abschnitt richtet sich auch an die Menschen, um die es dabei geht (Art. 14 DSGVO): Die Angaben stammen von der meldenden Stelle, nicht von der Person selbst. Die Meldung hält fest, ob die Person informiert wurde und eingewilligt hat.',
          'Gespeichert werden ein Pseudonym oder Vor- und Nachname, Geburtsjahr, Geschlecht und Wohnort (Kommune) der Person, die Beschreibung des Anlasses und beobachtete Anzeichen, die Dringlichkeit, ob die Person informiert ist und eingewilligt hat, die Rechtsgrundlage und gegebenenfalls der Grund, warum keine Einwilligung vorliegt, Name, Telefon und E-Mail-Adresse der meldenden Fachkraft sowie die Vermerke der Bearbeitung.',
          'Diese Angaben können religiöse oder weltanschauliche Überzeugungen und politische Meinungen erkennen lassen (besondere Kategorien nach Art. 9 DSGVO), manchmal von Minderjährigen. Deshalb sind alle persönlichen Angaben verschlüsselt gespeichert (AES-256-GCM). Nur der Wohnort bleibt bis zur Löschung lesbar, damit der Fall der zuständigen Stelle zugeordnet werden kann.',
          'Rechtsgrundlage ist die Einwilligung der Person (Art. 6 Abs. 1 Buchst. a und Art. 9 Abs. 2 Buchst. a DSGVO), wo sie vorliegt. Sonst nennt die meldende Stelle die Rechtsgrundlage, auf die sie sich stützt, und muss begründen, warum keine Einwilligung vorliegt; der Dienst nimmt eine solche Meldung ohne Begründung nicht an.',
          'Alle Meldungen sehen die Koordinatorinnen und Koordinatoren der Einzelfallbearbeitung (federführend: Landeskriminalamt Niedersachsen); sie leiten einen Fall an ein Programm weiter. Die Fachkräfte dieses Programms (Aktion Neustart oder beRATen e.V.) sehen nur die ihnen zugewiesenen Fälle. Die meldende Stelle sieht nur ihre eigenen Meldungen, mit grobem Stand, Datum und den für sie bestimmten Hinweisen. E-Mails und Benachrichtigungen an Partnersysteme enthalten nur Aktenzeichen und Stand. Jedes Lesen und Ändern einer Meldung steht im Prüfprotokoll.',
          `${days(d.retention.referral_days, 'de')} nach Abschluss, Ablehnung oder Rücknahme einer Meldung löscht der Dienst alle persönlichen Angaben, auch den Wohnort. Für die Statistik bleiben nur Stand, Daten, Dringlichkeit, Programm und Ergebnis; Auswertungen zeigen keine Gruppe mit weniger als fünf Fällen. Auf Antrag kann die Administration eine Meldung früher löschen. Die Antwort auf eine Übermittlung (ohne persönliche Angaben) bewahrt der Dienst ${duration(d.retention.idempotency_hours * 3600, 'de')} auf, damit eine wiederholte Übermittlung keinen zweiten Fall anlegt.`,
        ],
      },
      {
        id: 'anmeldung',
        title: 'Anmeldung von Mitarbeitenden und Partnerstellen',
        paragraphs: [
          'Für jedes Konto speichert der Dienst E-Mail-Adresse, Rolle und Organisation und einen Passwort-Hash (Argon2id); das Passwort selbst wird nicht gespeichert.',
          `Gegen das Erraten von Passwörtern zählt der Dienst fehlgeschlagene Anmeldungen je Konto und je IP-Adresse. Nach ${d.throttles.sign_in.max_attempts} Fehlversuchen innerhalb von ${duration(d.throttles.sign_in.window_seconds, 'de', true)} ist die Anmeldung bis zum Ende dieses Zeitraums gesperrt. Eine erfolgreiche Anmeldung setzt den Zähler des Kontos zurück; der Löschlauf entfernt die Zähler frühestens ${duration(d.throttles.counters_kept_seconds, 'de')} nach ihrem Beginn.`,
          'Jeder Anmeldeversuch wird mit Zeitpunkt, Ergebnis, Konto (soweit bekannt) und IP-Adresse im Prüfprotokoll festgehalten. Das Prüfprotokoll kann nur ergänzt werden und ist gegen nachträgliche Änderungen gesichert; eine Frist, nach der es automatisch gelöscht wird, ist derzeit nicht eingestellt.',
          `Nach der Anmeldung gilt ein Zugangsschlüssel ${duration(d.retention.access_token_minutes * 60, 'de')}; das Anmelde-Cookie erneuert ihn höchstens ${days(d.retention.refresh_token_days, 'de')} lang. Abmelden beendet beides sofort.`,
          'Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 NDSG und die Pflicht zur Sicherheit der Verarbeitung (Art. 32 DSGVO).',
        ],
      },
      {
        id: 'empfaenger',
        title: 'Empfänger',
        paragraphs: [
          'Nachrichten gehen nur an die Stelle, an die Sie schreiben; Meldungen nur an die oben genannten Stellen im Netzwerk. E-Mails verschickt der Dienst über den Mailserver seines Betriebs. Die KIP NI gibt keine Daten zu Werbezwecken weiter und übermittelt keine Daten in Staaten außerhalb der Europäischen Union.',
          `Zugestellte und endgültig fehlgeschlagene E-Mails und Benachrichtigungen entfernt der Dienst nach ${days(d.retention.finished_notifications_days, 'de', true)} aus seiner Versandliste.`,
        ],
      },
      {
        id: 'ihre-rechte',
        title: 'Ihre Rechte',
        paragraphs: [
          'Sie haben das Recht auf Auskunft über die Daten, die über Sie gespeichert sind (Art. 15 DSGVO), auf Berichtigung (Art. 16), auf Löschung (Art. 17), auf Einschränkung der Verarbeitung (Art. 18) und auf Widerspruch gegen eine Verarbeitung, die auf Art. 6 Abs. 1 Buchst. e DSGVO beruht (Art. 21). Eine Einwilligung können Sie jederzeit für die Zukunft widerrufen (Art. 7 Abs. 3).',
          { before: 'Schreiben Sie dazu über das Formular ', link: '„Nachricht schreiben“', after: '. Sagen Sie, worum es geht; für eine Antwort brauchen wir eine E-Mail-Adresse.' },
        ],
      },
      {
        id: 'aufsichtsbehoerde',
        title: 'Beschwerde bei der Aufsichtsbehörde',
        paragraphs: ['Sie können sich bei der Datenschutz-Aufsichtsbehörde beschweren (Art. 77 DSGVO).'],
      },
    ],
  },
  accessibility: {
    title: 'Erklärung zur Barrierefreiheit',
    description: 'Wie barrierefrei der Internetauftritt der KIP NI ist, was noch fehlt und wie Sie Barrieren melden.',
    intro: (site: string) =>
      `Die KIP NI möchte ihren Internetauftritt barrierefrei zugänglich machen, wie es das Niedersächsische Behindertengleichstellungsgesetz (NBGG) und die Richtlinie (EU) 2016/2102 verlangen. Diese Erklärung gilt für alle öffentlichen Seiten unter ${site}.`,
    stateTitle: 'Stand der Vereinbarkeit mit den Anforderungen',
    state: {
      full: (standard: string) => `Dieser Internetauftritt ist mit ${standard} vollständig vereinbar.`,
      partial: (standard: string) => `Dieser Internetauftritt ist wegen der folgenden Einschränkungen teilweise mit ${standard} vereinbar.`,
      none: (standard: string) => `Dieser Internetauftritt ist mit ${standard} nicht vereinbar.`,
    },
    limitationsTitle: 'Nicht barrierefreie Inhalte',
    methodTitle: 'Wie diese Erklärung entstanden ist',
    method: (prepared: string, checked: string, tool: string, pages: number, widths: string, violations: number) => [
      `Die Erklärung wurde am ${prepared} erstellt. Sie beruht auf einer Selbstbewertung.`,
      `Zuletzt geprüft am ${checked}: Eine automatische Prüfung mit ${tool} gegen die Kriterien der WCAG 2.1 auf den Stufen A und AA lief auf ${pages} Seiten in beiden Sprachen, jeweils bei ${widths} Pixel Breite. Sie fand ${violations === 0 ? 'keinen Verstoß' : `${violations} Verstöße`}.`,
      'Dazu wurden Suche und Kontaktformular nur mit der Tastatur bedient und die Seiten auf einem schmalen Telefonbildschirm und einem breiten Bildschirm ohne seitliches Verschieben geprüft.',
    ],
    feedbackTitle: 'Barrieren melden',
    feedback: 'Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie einen Inhalt in einer anderen Form? Schreiben Sie uns. Ihre Nachricht geht an die Redaktion der KIP NI und ist dort als Rückmeldung zur Barrierefreiheit gekennzeichnet.',
    arbitrationTitle: 'Schlichtungsverfahren',
    arbitration: 'Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Schlichtungsstelle wenden. Das Verfahren ist kostenlos, und Sie brauchen keinen Rechtsbeistand.',
    easyLanguage: 'Informationen in Leichter Sprache',
    signLanguage: 'Informationen in Deutscher Gebärdensprache',
  },
};

export type LegalTexts = typeof de;

const en: LegalTexts = {
  missingTitle: 'Information missing',
  missing: (what: string, setting: string) =>
    `${what} has not been provided yet. The operator must add it (setting ${setting}); until then nothing invented stands here.`,
  settingLabels: {
    responsible_person: 'The person responsible',
    data_protection_officer: 'How to reach the data protection officer',
    supervisory_authority: 'The data protection supervisory authority',
    arbitration_body: 'The arbitration body',
  },
  legalNotice: {
    title: 'Legal notice',
    description: 'Who is responsible for the KIP NI website: address, contact and the information required by § 5 DDG and § 18 MStV.',
    intro: 'Information under § 5 of the German Digital Services Act (DDG) and § 18 of the Interstate Media Treaty (MStV).',
    provider: 'Provider',
    body: 'The Lower Saxony Competence Centre for the Prevention of Islamism (KIP NI) was set up in 2016 by the Government of the State of Lower Saxony. Its management lies with the Lower Saxony Ministry for the Interior and Sport; it is carried out jointly and with equal rights by the Lower Saxony Office for the Protection of the Constitution and the Lower Saxony State Criminal Police Office.',
    contact: 'Contact',
    contactText: { before: 'KIP NI does not publish an e-mail address. You can reach it through the form ', link: '“Write a message”', after: '.' },
    responsible: 'Responsible for the content under § 18 (2) MStV',
    responsibleAddress: 'Address as above.',
    vat: 'VAT identification number',
    noVat: 'None given. A number appears here only if the provider has one.',
    data: 'Directory data',
    dataText: 'The editors of KIP NI keep the information on organisations, responsibilities and ways of contact. It is also available through the open API.',
  },
  privacy: {
    title: 'Privacy notice',
    description: 'Which data the KIP NI service processes, what for, for how long, and your rights (Art. 13 and 14 GDPR).',
    intro: 'For every processing this service really carries out, this page says what is stored, who sees it, on which legal basis and when it is erased (Art. 13 and 14 of the General Data Protection Regulation, GDPR). The periods and limits on this page come from the settings of the running service.',
    contents: 'Contents',
    dpo: 'Data protection officer',
    authority: 'Competent supervisory authority',
    sections: (d: SiteLegal, address: string): Section[] => [
      {
        id: 'verantwortliche-stelle',
        title: 'Controller',
        paragraphs: [
          `The controller is the Lower Saxony Competence Centre for the Prevention of Islamism (KIP NI), ${address}.`,
          { before: 'You can reach it through the form ', link: '“Write a message”', after: '. KIP NI does not publish an e-mail address.' },
        ],
      },
      {
        id: 'keine-cookies',
        title: 'No cookies, no tracking',
        paragraphs: [
          'The public pages set no cookies and store nothing in your browser. There is no audience measurement, no advertising and no embedded content of other providers: fonts, images, videos and program code come from this server.',
          'Only when you choose a link to the outside yourself, such as “Open in a map app” (OpenStreetMap) or the website of an organisation, do you leave this service.',
          `Only people who sign in as staff or as a partner agency receive a cookie. It serves only to renew the sign-in for at most ${days(d.retention.refresh_token_days, 'en')} and applies only to the sign-in addresses of the service.`,
        ],
      },
      {
        id: 'protokolle',
        title: 'Operation logs',
        paragraphs: [
          'For every request the service writes one line to its operation log: the time, the kind of request, the pattern of the address called (such as /api/v1/organisations/{slug}, not the address with your search terms), the status code, the duration and a random request id. Your IP address, search terms and form entries are not in it.',
          'Your IP address is processed to send you the pages. It is stored only where the following sections say so.',
          'The logs serve secure operation and troubleshooting. The legal basis is Art. 6 (1) (e) GDPR in conjunction with § 3 of the Lower Saxony Data Protection Act (NDSG).',
        ],
      },
      {
        id: 'kontaktformular',
        title: 'Contact form “Write a message”',
        paragraphs: [
          'The service stores the subject and text of your message, if you wish your name and your e-mail address for a reply, and also the language, the occasion (a general message or feedback on accessibility), the body you write to and the time.',
          'Everything you type is encrypted before it is stored (AES-256-GCM). It is not in the audit log and in no e-mail: staff learn by e-mail only that a message has arrived, with a receipt number and a link.',
          'Your message can be read by the staff of the body you write to who have the right to read messages (editors and coordinators), and by the administrators of the service. Every opening of a message is recorded in the audit log, without its content.',
          `After ${days(d.retention.message_days, 'en')} the service erases name, e-mail address, subject and text. All that remains is that a message reached this body on that day, and how far it was handled.`,
          `Against mass sending, the service counts messages per IP address: at most ${d.throttles.contact_form.max_attempts} in ${duration(d.throttles.contact_form.window_seconds, 'en')}. The counter holds the address; the purge removes it at the earliest ${duration(d.throttles.counters_kept_seconds, 'en')} after it began.`,
          'The legal basis is Art. 6 (1) (e) GDPR in conjunction with § 3 NDSG and your consent, which you give before sending (Art. 6 (1) (a) GDPR); if you write about religion, beliefs or political opinions, also Art. 9 (2) (a) GDPR. You can withdraw your consent at any time for the future.',
        ],
      },
      {
        id: 'meldungen',
        title: 'Referrals by partner agencies',
        paragraphs: [
          'Partner agencies such as schools, youth welfare offices, job centres, police stations and municipal networks can hand over a case to KIP NI through a protected portal or their own software. This section is also addressed to the people concerned (Art. 14 GDPR): the information comes from the referring agency, not from the person. The referral records whether the person was informed and consented.',
          'The service stores a pseudonym or first and last name, year of birth, gender and place of residence (municipality) of the person, the description of the concern and the signs observed, the urgency, whether the person is informed and consented, the legal basis and, where there is no consent, the reason why, the name, phone and e-mail address of the referring professional, and the notes made while handling the case.',
          'This information can reveal religious or philosophical beliefs and political opinions (special categories under Art. 9 GDPR), sometimes of minors. All personal information is therefore stored encrypted (AES-256-GCM). Only the place of residence stays readable until erasure, so that the case can be routed to the competent body.',
          'The legal basis is the consent of the person (Art. 6 (1) (a) and Art. 9 (2) (a) GDPR) where it was given. Otherwise the referring agency names the legal basis it relies on and must state why there is no consent; the service does not accept such a referral without a reason.',
          'All referrals are seen by the coordinators of individual case work (lead: Lower Saxony State Criminal Police Office); they route a case to a programme. The professionals of that programme (Aktion Neustart or beRATen e.V.) see only the cases assigned to them. The referring agency sees only its own referrals, with a coarse status, dates and the notes meant for it. E-mails and notifications to partner systems carry only the reference and the status. Every reading and change of a referral is recorded in the audit log.',
          `${days(d.retention.referral_days, 'en')} after a referral was closed, rejected or withdrawn, the service erases all personal information, including the place of residence. For statistics only status, dates, urgency, programme and outcome remain; evaluations show no group of fewer than five cases. On request, the administrators can erase a referral earlier. The service keeps the answer to a submission (without personal information) for ${duration(d.retention.idempotency_hours * 3600, 'en')}, so that a repeated submission does not create a second case.`,
        ],
      },
      {
        id: 'anmeldung',
        title: 'Sign-in of staff and partner agencies',
        paragraphs: [
          'For every account the service stores the e-mail address, role and organisation and a password hash (Argon2id); the password itself is not stored.',
          `Against password guessing, the service counts failed sign-ins per account and per IP address. After ${d.throttles.sign_in.max_attempts} failed attempts within ${duration(d.throttles.sign_in.window_seconds, 'en')}, signing in is blocked until the end of that period. A successful sign-in resets the account's counter; the purge removes the counters at the earliest ${duration(d.throttles.counters_kept_seconds, 'en')} after they began.`,
          'Every sign-in attempt is recorded in the audit log with the time, the outcome, the account (where known) and the IP address. The audit log can only be added to and is protected against later changes; no period after which it is erased automatically is set at present.',
          `After signing in, an access key is valid for ${duration(d.retention.access_token_minutes * 60, 'en')}; the sign-in cookie renews it for at most ${days(d.retention.refresh_token_days, 'en')}. Signing out ends both at once.`,
          'The legal basis is Art. 6 (1) (e) GDPR in conjunction with § 3 NDSG and the duty to keep processing secure (Art. 32 GDPR).',
        ],
      },
      {
        id: 'empfaenger',
        title: 'Recipients',
        paragraphs: [
          'Messages go only to the body you write to; referrals only to the bodies in the network named above. The service sends e-mails through the mail server of its operator. KIP NI passes no data on for advertising and transfers no data to states outside the European Union.',
          `The service removes delivered and finally failed e-mails and notifications from its dispatch list after ${days(d.retention.finished_notifications_days, 'en')}.`,
        ],
      },
      {
        id: 'ihre-rechte',
        title: 'Your rights',
        paragraphs: [
          'You have the right of access to the data stored about you (Art. 15 GDPR), to rectification (Art. 16), to erasure (Art. 17), to restriction of processing (Art. 18) and to object to processing based on Art. 6 (1) (e) GDPR (Art. 21). You can withdraw a consent at any time for the future (Art. 7 (3)).',
          { before: 'To do so, write through the form ', link: '“Write a message”', after: '. Say what it is about; for an answer we need an e-mail address.' },
        ],
      },
      {
        id: 'aufsichtsbehoerde',
        title: 'Complaint to the supervisory authority',
        paragraphs: ['You can lodge a complaint with the data protection supervisory authority (Art. 77 GDPR).'],
      },
    ],
  },
  accessibility: {
    title: 'Accessibility statement',
    description: 'How accessible the KIP NI website is, what is still missing and how to report barriers.',
    intro: (site: string) =>
      `KIP NI wants its website to be accessible, as the Lower Saxony Act on Equal Opportunities for People with Disabilities (NBGG) and Directive (EU) 2016/2102 require. This statement applies to all public pages at ${site}.`,
    stateTitle: 'Compliance status',
    state: {
      full: (standard: string) => `This website is fully compliant with ${standard}.`,
      partial: (standard: string) => `This website is partially compliant with ${standard} because of the limitations below.`,
      none: (standard: string) => `This website is not compliant with ${standard}.`,
    },
    limitationsTitle: 'Content that is not accessible',
    methodTitle: 'How this statement was prepared',
    method: (prepared: string, checked: string, tool: string, pages: number, widths: string, violations: number) => [
      `This statement was prepared on ${prepared}. It is based on a self-assessment.`,
      `Last checked on ${checked}: an automated check with ${tool} against the WCAG 2.1 criteria of levels A and AA ran on ${pages} pages in both languages, each at ${widths} pixels width. It found ${violations === 0 ? 'no violation' : `${violations} violations`}.`,
      'In addition, the search and the contact form were used with the keyboard only, and the pages were checked on a narrow phone screen and a wide screen for sideways scrolling.',
    ],
    feedbackTitle: 'Report a barrier',
    feedback: 'Have you come across a barrier, or do you need content in another form? Write to us. Your message goes to the editors of KIP NI and is marked there as feedback on accessibility.',
    arbitrationTitle: 'Arbitration procedure',
    arbitration: 'If you receive no satisfactory answer to your feedback, you can turn to the arbitration body. The procedure is free of charge, and you do not need legal counsel.',
    easyLanguage: 'Information in Leichte Sprache (easy-to-read German)',
    signLanguage: 'Information in German Sign Language',
  },
};

export const LEGAL_TEXTS: Record<Lang, LegalTexts> = { de, en };
