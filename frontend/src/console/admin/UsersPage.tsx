// /konsole/benutzer (admins, `users:manage`): users and the API clients of partner systems.
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../lib/usePageTitle';
import { ClientSection } from './ClientSection';
import { CreateUserForm } from './CreateUserForm';
import { ADMIN_TEXTS } from './texts';
import { UserSection } from './UserSection';

export default function UsersPage() {
  const t = ADMIN_TEXTS[useLang()].users;
  usePageTitle(t.title);
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <UserSection />
      <CreateUserForm />
      <ClientSection />
    </>
  );
}
