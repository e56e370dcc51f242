import { Link } from 'react-router';
import { Icon } from '../components/Icon';
import { LoadError } from '../components/QueryState';
import { GERMAN_ONLY_ROUTES } from '../i18n/routes';
import { usePageTitle } from '../lib/usePageTitle';
import { useSiteLegal, type SignLanguageVideo } from './queries';
import './legal.css';

const TOPICS = [
  'Was die KIP NI ist',
  'Was die KIP NI macht',
  'Wer wem hilft: Aktion Neustart, beRATen e.V. und das Landeskriminalamt',
  'Wie Sie der KIP NI eine Nachricht schreiben',
  'Wie Sie diese Internetseite benutzen',
];

function Video({ video }: { video: SignLanguageVideo }) {
  return (
    <figure className="sign-video">
      <video controls preload="metadata" aria-label={video.title}>
        <source src={video.video_url} type={video.media_type} />
        {video.captions_url && <track kind="captions" src={video.captions_url} srcLang="de" label="Deutsch" default />}
      </video>
      <figcaption>{video.title}</figcaption>
      {!video.captions_url && <p className="muted">Für dieses Video gibt es noch keine Untertitel.</p>}
    </figure>
  );
}

export default function SignLanguagePage() {
  usePageTitle(
    'Gebärdensprache',
    'Informationen über die KIP NI in Deutscher Gebärdensprache (DGS), mit Untertiteln.',
  );
  const legal = useSiteLegal();
  const videos = legal.data?.sign_language_videos ?? [];

  return (
    <article className="legal narrow" aria-labelledby="page-title">
      <h1 id="page-title">Informationen in Deutscher Gebärdensprache</h1>
      <p className="lead">
        Hier erklären wir in Deutscher Gebärdensprache (DGS), was die KIP NI ist und wie Sie sie erreichen.
      </p>

      {legal.isError && <LoadError error={legal.error} onRetry={() => void legal.refetch()} />}
      {legal.isPending && (
        <p className="muted" role="status">
          Wird geladen …
        </p>
      )}
      {legal.data && videos.length === 0 && (
        <div className="notice" role="status">
          <h2>
            <Icon name="clock" size={24} />
            Das Video wird vorbereitet
          </h2>
          <p>
            Das Video in Deutscher Gebärdensprache gibt es noch nicht. Es wird vorbereitet. Sobald es fertig ist, sehen
            Sie es auf dieser Seite.
          </p>
          <p>
            Bis dahin finden Sie dieselben Informationen in{' '}
            <Link to={GERMAN_ONLY_ROUTES.easyLanguage}>Leichter Sprache</Link>.
          </p>
        </div>
      )}
      {videos.length > 0 && (
        <section aria-labelledby="videos" className="section">
          <h2 id="videos">{videos.length === 1 ? 'Das Video' : 'Die Videos'}</h2>
          {videos.map((video) => (
            <Video key={video.video_url} video={video} />
          ))}
          <p className="muted">
            Die Videos kommen von diesem Server. Es ist kein fremder Videodienst eingebunden. Untertitel schalten Sie
            im Videoplayer ein und aus.
          </p>
        </section>
      )}

      <section aria-labelledby="topics" className="section">
        <h2 id="topics">Was erklärt wird</h2>
        <ul className="legal__list">
          {TOPICS.map((topic) => (
            <li key={topic}>{topic}</li>
          ))}
        </ul>
      </section>
    </article>
  );
}
