import { Link } from 'react-router';
import { pathTo } from '../i18n/routes';
import { usePageTitle } from '../lib/usePageTitle';
import { useSiteLegal } from './queries';
import './legal.css';

const contact = pathTo('de', 'contact', { slug: 'kip-ni' });

/** One word explained, in its own box. */
function Word({ word, children }: { word: string; children: React.ReactNode }) {
  return (
    <div className="word">
      <p>
        <strong>{word}</strong>
      </p>
      {children}
    </div>
  );
}

export default function EasyLanguagePage() {
  usePageTitle(
    'Leichte Sprache',
    'Die KIP NI in Leichter Sprache: Was ist die KIP NI? Wer hilft wem? So schreiben Sie eine Nachricht.',
  );
  const legal = useSiteLegal();
  const days = legal.data?.retention.message_days;

  return (
    <article className="easy" aria-labelledby="page-title">
      <h1 id="page-title">Die KIP NI in Leichter Sprache</h1>
      <p>Hier finden Sie Informationen in Leichter Sprache.</p>
      <p>Die Informationen sind über die KIP NI.</p>

      <section aria-labelledby="was-ist">
        <h2 id="was-ist">Was ist die KIP NI?</h2>
        <p>KIP NI ist eine Abkürzung.</p>
        <p>Der ganze Name ist: Kompetenz·stelle Islamismus·prävention Nieder·sachsen.</p>
        <Word word="Kompetenz·stelle">
          <p>Eine Kompetenz·stelle weiß viel über ein Thema.</p>
        </Word>
        <Word word="Islamismus">
          <p>Islamismus ist eine Meinung über Politik.</p>
          <p>Islamisten wollen: Alle Menschen sollen nach ihren Regeln leben.</p>
          <p>Islamisten sagen: Diese Regeln kommen aus dem Islam.</p>
          <p>Manche Islamisten wenden dafür Gewalt an.</p>
          <p>Islamismus ist etwas anderes als der Islam.</p>
          <p>Die meisten Muslime sind keine Islamisten.</p>
        </Word>
        <Word word="Prävention">
          <p>Prävention heißt: vorbeugen.</p>
          <p>Man tut etwas, bevor etwas Schlimmes passiert.</p>
        </Word>
        <p>Nieder·sachsen ist ein Bundes·land in Deutschland.</p>
        <p>Die Landes·regierung von Nieder·sachsen hat die KIP NI gegründet.</p>
        <p>Das war im Jahr 2016.</p>
        <p>Die KIP NI war die erste Stelle in Nieder·sachsen für dieses Thema.</p>
      </section>

      <section aria-labelledby="was-macht">
        <h2 id="was-macht">Was macht die KIP NI?</h2>
        <p>Viele Stellen in Nieder·sachsen arbeiten gegen Islamismus.</p>
        <p>Zum Beispiel: Ministerien, die Polizei und Vereine.</p>
        <p>Die KIP NI bringt diese Stellen zusammen.</p>
        <p>Dann arbeiten die Stellen besser zusammen.</p>
        <p>Die KIP NI hilft auch den Städten und Gemeinden.</p>
        <p>Die Städte und Gemeinden bauen eigene Netz·werke auf.</p>
        <Word word="Netz·werk">
          <p>In einem Netz·werk arbeiten viele Stellen zusammen.</p>
          <p>Die Stellen helfen sich gegenseitig.</p>
        </Word>
        <p>Bald wird die KIP NI ein Landes·programm.</p>
        <Word word="Landes·programm">
          <p>Ein Landes·programm ist ein großes Vorhaben von einem Bundes·land.</p>
        </Word>
        <p>Die Aufgaben der Stellen bleiben dabei gleich.</p>
      </section>

      <section aria-labelledby="wer-hilft">
        <h2 id="wer-hilft">Wer hilft wem?</h2>
        <p>Zwei Stellen in der KIP NI helfen Menschen direkt.</p>
        <h3>Aktion Neustart</h3>
        <p>Manche Menschen gehören zu einer islamistischen Gruppe.</p>
        <p>Manche von ihnen wollen aus der Gruppe aussteigen.</p>
        <p>Aktion Neustart hilft diesen Menschen beim Aussteigen.</p>
        <p>Aktion Neustart gehört zum Verfassungs·schutz von Nieder·sachsen.</p>
        <Word word="Verfassungs·schutz">
          <p>Der Verfassungs·schutz ist ein Amt.</p>
          <p>Der Verfassungs·schutz schützt die wichtigsten Regeln von unserem Staat.</p>
        </Word>
        <h3>beRATen e.V.</h3>
        <p>beRATen e.V. ist ein Verein.</p>
        <p>beRATen berät Menschen.</p>
        <p>Zum Beispiel: Eltern, Freunde oder Lehrer.</p>
        <p>Diese Menschen machen sich Sorgen um einen anderen Menschen.</p>
        <p>Denn der andere Mensch hat vielleicht islamistische Gedanken.</p>
        <p>beRATen berät auch diesen Menschen selbst.</p>
        <p>Das Sozial·ministerium gibt beRATen Geld für die Arbeit.</p>
        <h3>Das Landes·kriminal·amt</h3>
        <p>Das Landes·kriminal·amt Nieder·sachsen ist eine Behörde von der Polizei.</p>
        <p>Manchmal macht sich eine Schule oder ein Amt Sorgen um einen Menschen.</p>
        <p>Dann kann die Schule oder das Amt der KIP NI davon berichten.</p>
        <p>Das Landes·kriminal·amt liest den Bericht.</p>
        <p>Das Landes·kriminal·amt sagt dann: Diese Stelle hilft dem Menschen.</p>
      </section>

      <section aria-labelledby="nachricht">
        <h2 id="nachricht">So schreiben Sie eine Nachricht</h2>
        <p>Die KIP NI gibt keine E-Mail-Adresse bekannt.</p>
        <p>Sie können der KIP NI trotzdem schreiben.</p>
        <p>Dafür gibt es ein Formular.</p>
        <Word word="Formular">
          <p>Ein Formular hat Felder.</p>
          <p>In die Felder schreiben Sie etwas.</p>
        </Word>
        <p>So geht es:</p>
        <ol>
          <li>
            Klicken Sie oben auf: <strong>Nachricht schreiben</strong>.
          </li>
          <li>Schreiben Sie in das Feld Betreff: Worum geht es?</li>
          <li>Schreiben Sie in das Feld Ihre Nachricht: Was möchten Sie sagen?</li>
          <li>Sie möchten eine Antwort? Dann schreiben Sie Ihre E-Mail-Adresse in das Feld dafür.</li>
          <li>Ihren Namen müssen Sie nicht schreiben.</li>
          <li>Setzen Sie einen Haken bei Daten·schutz. Damit sagen Sie: Die KIP NI darf Ihre Nachricht speichern.</li>
          <li>
            Klicken Sie auf: <strong>Nachricht senden</strong>.
          </li>
        </ol>
        <p>Danach sehen Sie eine Nummer.</p>
        <p>Schreiben Sie sich die Nummer auf.</p>
        <p>Mit der Nummer können Sie später nach·fragen.</p>
        {days !== undefined && <p>Die KIP NI löscht Ihre Nachricht nach {days} Tagen.</p>}
        <p>
          <Link className="button button--large" to={contact}>
            Nachricht schreiben
          </Link>
        </p>
      </section>

      <section aria-labelledby="gefahr">
        <h2 id="gefahr">Wichtig: Sind Sie in Gefahr?</h2>
        <p>Die KIP NI liest Nachrichten nicht Tag und Nacht.</p>
        <p>Sind Sie in Gefahr? Oder ist ein anderer Mensch in Gefahr?</p>
        <p>Dann rufen Sie sofort die Polizei an.</p>
        <p className="call">
          Die Telefon·nummer ist: <a href="tel:110">110</a>
        </p>
      </section>

      <section aria-labelledby="seite">
        <h2 id="seite">So benutzen Sie diese Internet·seite</h2>
        <p>Oben auf jeder Seite ist ein Menü.</p>
        <p>Im Menü stehen die wichtigsten Seiten.</p>
        <ul>
          <li>
            <strong>Organisationen</strong>: Hier finden Sie alle Stellen im Netz·werk.
          </li>
          <li>
            <strong>Zuständigkeiten</strong>: Hier steht, welche Stelle welche Aufgabe hat.
          </li>
          <li>
            <strong>Netzwerk</strong>: Ein Bild zeigt, wie die Stellen zusammen·hängen.
          </li>
        </ul>
        <p>
          Oben rechts steht: <span lang="en">English</span>.
        </p>
        <p>Dort finden Sie die Seiten auf Englisch.</p>
        <p>Sie möchten die Schrift größer haben?</p>
        <p>Dann drücken Sie die Taste Strg und die Taste Plus zusammen.</p>
        <p>Sie können die Seite auch mit der Tastatur benutzen.</p>
        <p>Mit der Taste Tab kommen Sie zum nächsten Link.</p>
        <p>Die Seiten speichern keine Cookies.</p>
        <Word word="Cookies">
          <p>Cookies sind kleine Dateien.</p>
          <p>Manche Internet·seiten merken sich damit, was Sie machen.</p>
          <p>Diese Internet·seite macht das nicht.</p>
        </Word>
      </section>
    </article>
  );
}
