import { Link } from 'react-router';
import type { ContactChannel } from '../api/client';
import { localiseAppPath } from '../i18n/routes';
import { useLang, useTexts } from '../i18n/useLang';
import { Icon, type IconName } from './Icon';
import { OpeningHoursView } from './OpeningHoursView';

const ICONS: Record<ContactChannel['kind'], IconName> = {
  postal_address: 'pin',
  visiting_address: 'pin',
  email: 'mail',
  phone: 'phone',
  fax: 'fax',
  web_form: 'message',
  website: 'globe',
};

/** A link opened by the person, never an embedded map: no third-party request on page load. */
export const mapSearchUrl = (address: string) =>
  `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;

function ChannelValue({ channel }: { channel: ContactChannel }) {
  const t = useTexts();
  const lang = useLang();
  switch (channel.kind) {
    case 'postal_address':
    case 'visiting_address': {
      const a = channel.address;
      const oneLine = a ? `${a.street}, ${a.postal_code} ${a.city}` : channel.value;
      return (
        <>
          <address>
            {a ? (
              <>
                {a.street}
                <br />
                {a.postal_code} {a.city}
              </>
            ) : (
              channel.value
            )}
          </address>
          <a href={mapSearchUrl(oneLine)} rel="noopener noreferrer">
            {t.organisation.openInMap}
            <span className="visually-hidden">
              {' '}
              ({oneLine}, {t.organisation.openInMapHint})
            </span>
          </a>
        </>
      );
    }
    case 'email':
      return <a href={`mailto:${channel.value}`}>{channel.value}</a>;
    case 'phone':
      return <a href={`tel:${channel.value.replace(/[^+\d]/g, '')}`}>{channel.value}</a>;
    case 'web_form':
      return (
        <Link className="button" to={localiseAppPath(channel.value, lang)}>
          {channel.label}
        </Link>
      );
    case 'website':
      return (
        <a href={channel.value} rel="noopener noreferrer">
          {channel.value.replace(/^https?:\/\//, '').replace(/\/$/, '')}
        </a>
      );
    case 'fax':
      return <span>{channel.value}</span>;
  }
}

/** Named only when a channel offers more than German. */
function Languages({ codes }: { codes: string[] }) {
  const t = useTexts();
  if (codes.every((code) => code === 'de')) return null;
  const names = new Intl.DisplayNames([t.locale], { type: 'language' });
  return (
    <p className="muted channel__languages">
      {t.organisation.languages}: {codes.map((code) => names.of(code) ?? code).join(', ')}
    </p>
  );
}

export function ChannelList({ channels }: { channels: ContactChannel[] }) {
  const t = useTexts();
  return (
    <ul className="channels">
      {channels.map((channel) => (
        <li key={channel.id} className="channel">
          <span className="channel__icon">
            <Icon name={ICONS[channel.kind]} />
          </span>
          <div className="channel__body">
            <p className="channel__label">{channel.kind === 'web_form' ? t.channels.web_form : channel.label}</p>
            <ChannelValue channel={channel} />
            <Languages codes={channel.languages} />
            {channel.opening_hours && <OpeningHoursView hours={channel.opening_hours} />}
          </div>
        </li>
      ))}
    </ul>
  );
}
