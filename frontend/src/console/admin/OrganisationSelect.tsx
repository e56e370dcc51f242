// A choice of organisation by slug, for the forms that create accounts.
import { useLang } from '../../i18n/useLang';
import { useOrganisationChoices } from './queries';
import { ADMIN_TEXTS } from './texts';

export function OrganisationSelect({
  value,
  onChange,
  ...props
}: {
  id: string;
  value: string;
  onChange: (slug: string) => void;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}) {
  const lang = useLang();
  const t = ADMIN_TEXTS[lang];
  const choices = useOrganisationChoices(lang);
  const organisations = [...(choices.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)} aria-busy={choices.isPending || undefined}>
      <option value="">{t.common.choose}</option>
      {organisations.map((organisation) => (
        <option key={organisation.slug} value={organisation.slug}>
          {organisation.name}
        </option>
      ))}
    </select>
  );
}
