// API clients on /konsole/benutzer: the list, registering a partner system (its secret is
// shown once, see SecretOnce) and deactivating one.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/QueryState';
import { useLang } from '../../i18n/useLang';
import { staffApi } from '../../session';
import { ErrorSummary, FormField } from '../FormField';
import { Feedback, problemText, type FeedbackValue } from './Feedback';
import { OrganisationSelect } from './OrganisationSelect';
import { CLIENT_SCOPES, CLIENTS_KEY, useApiClients, type ApiClient, type ApiClientWithSecret, type ClientScope } from './queries';
import { SecretOnce } from './SecretOnce';
import { ADMIN_TEXTS } from './texts';

export function ClientSection() {
  const t = ADMIN_TEXTS[useLang()];
  const clients = useApiClients();
  const [created, setCreated] = useState<ApiClientWithSecret | null>(null);
  const [confirming, setConfirming] = useState<ApiClient | null>(null);
  const [feedback, setFeedback] = useState<FeedbackValue>(null);
  const opener = useRef<HTMLElement | null>(null);
  const items = clients.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="clients-title">
      <h2 id="clients-title">{t.clients.title}</h2>
      <Feedback value={feedback} />
      {clients.isPending ? (
        <Loading />
      ) : clients.isError ? (
        <LoadError error={clients.error} onRetry={() => void clients.refetch()} />
      ) : items.length === 0 ? (
        <p className="notice">{t.clients.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t.clients.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.clients.name}</th>
                <th scope="col">{t.clients.clientId}</th>
                <th scope="col">{t.users.organisation}</th>
                <th scope="col">{t.clients.scopes}</th>
                <th scope="col">{t.users.status}</th>
                <th scope="col">{t.users.actions}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((client) => (
                <tr key={client.id}>
                  <th scope="row">{client.name}</th>
                  <td>
                    <code>{client.client_id}</code>
                  </td>
                  <td>{client.organisation.name}</td>
                  <td>{client.scopes.join(', ')}</td>
                  <td>{client.is_active ? t.common.active : <span className="badge">{t.common.inactive}</span>}</td>
                  <td>
                    {client.is_active && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={(event) => {
                          opener.current = event.currentTarget;
                          setFeedback(null);
                          setConfirming(client);
                        }}
                      >
                        {t.users.deactivate}
                        <span className="visually-hidden"> ({client.name})</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {clients.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void clients.fetchNextPage()} disabled={clients.isFetchingNextPage}>
          {t.common.more}
        </button>
      )}
      {confirming && (
        <ConfirmClientDeactivate
          key={confirming.id}
          client={confirming}
          onDone={(value) => {
            setConfirming(null);
            setFeedback(value);
          }}
          onCancel={() => {
            setConfirming(null);
            requestAnimationFrame(() => opener.current?.focus());
          }}
        />
      )}
      {created ? (
        <SecretOnce client={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateClientForm onCreated={setCreated} />
      )}
    </section>
  );
}

function ConfirmClientDeactivate({
  client,
  onDone,
  onCancel,
}: {
  client: ApiClient;
  onDone: (value: FeedbackValue) => void;
  onCancel: () => void;
}) {
  const t = ADMIN_TEXTS[useLang()];
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  async function deactivate() {
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/api-clients/{api_client_id}/deactivate', {
        params: { path: { api_client_id: client.id } },
      });
      await queryClient.invalidateQueries({ queryKey: CLIENTS_KEY });
      onDone(
        result.data
          ? { kind: 'success', text: t.clients.deactivated(client.name) }
          : { kind: 'error', text: problemText(result.error, t.common.failed) },
      );
    } catch {
      onDone({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div ref={box} tabIndex={-1} className="notice notice--warning confirm" role="group" onKeyDown={(event) => event.key === 'Escape' && onCancel()} aria-labelledby="client-confirm-text">
      <p id="client-confirm-text">{t.clients.confirmDeactivate(client.name)}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void deactivate()} disabled={busy}>
          {t.users.confirm}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </div>
  );
}

type Field = 'name' | 'organisation' | 'scopes';

function CreateClientForm({ onCreated }: { onCreated: (client: ApiClientWithSecret) => void }) {
  const t = ADMIN_TEXTS[useLang()];
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [scopes, setScopes] = useState<ClientScope[]>([]);
  const [errors, setErrors] = useState<{ field: Field; text: string }[]>([]);
  const [feedback, setFeedback] = useState<FeedbackValue>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const errorOf = (field: Field) => errors.find((error) => error.field === field)?.text;

  function toggle(scope: ClientScope, on: boolean) {
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: { field: Field; text: string }[] = [];
    if (!name.trim()) found.push({ field: 'name', text: t.clients.needName });
    if (!organisation) found.push({ field: 'organisation', text: t.users.needOrganisation });
    if (!scopes.length) found.push({ field: 'scopes', text: t.clients.needScope });
    setErrors(found);
    setFeedback(null);
    if (found.length) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const result = await staffApi.POST('/api/v1/api-clients', { body: { name: name.trim(), organisation, scopes } });
      if (result.data) {
        await queryClient.invalidateQueries({ queryKey: CLIENTS_KEY });
        onCreated(result.data);
      } else {
        setFeedback({ kind: 'error', text: problemText(result.error, t.common.failed) });
      }
    } catch {
      setFeedback({ kind: 'error', text: t.common.failed });
    } finally {
      setBusy(false);
    }
  }

  const fieldIds: Record<Field, string> = { name: 'client-name', organisation: 'client-organisation', scopes: `client-scope-${CLIENT_SCOPES[0]}` };
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="create-client-title">
      <h3 id="create-client-title">{t.clients.create}</h3>
      <Feedback value={feedback} />
      <ErrorSummary title={t.users.errorTitle} errors={errors.map((e) => ({ field: fieldIds[e.field], text: e.text }))} focusRef={summary} />
      <FormField id="client-name" label={t.clients.name} error={errorOf('name')}>
        {(props) => <input {...props} type="text" autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <FormField id="client-organisation" label={t.users.organisation} error={errorOf('organisation')}>
        {(props) => <OrganisationSelect {...props} value={organisation} onChange={setOrganisation} />}
      </FormField>
      <fieldset className={errorOf('scopes') ? 'field--error' : undefined} aria-describedby={errorOf('scopes') ? 'client-scopes-error' : undefined}>
        <legend>{t.clients.scopes}</legend>
        {errorOf('scopes') && (
          <p className="field__error" id="client-scopes-error">
            {errorOf('scopes')}
          </p>
        )}
        <ul className="choices">
          {CLIENT_SCOPES.map((scope) => (
            <li key={scope} className="choice">
              <input
                type="checkbox"
                id={`client-scope-${scope}`}
                checked={scopes.includes(scope)}
                onChange={(event) => toggle(scope, event.target.checked)}
              />
              <label htmlFor={`client-scope-${scope}`}>{t.clients.scopeLabels[scope]}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t.clients.creating : t.clients.createButton}
      </button>
    </form>
  );
}
