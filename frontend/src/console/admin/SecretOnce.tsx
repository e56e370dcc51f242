// A new client secret, shown once: a read-only field to select it by hand, and a copy button
// (Clipboard API) that says whether copying worked. Nothing stores it: after a reload it is gone.
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../../i18n/useLang';
import { copyText, type CopyResult } from './logic';
import type { ApiClientWithSecret } from './queries';
import { ADMIN_TEXTS } from './texts';

export function SecretOnce({ client, onDone }: { client: ApiClientWithSecret; onDone: () => void }) {
  const t = ADMIN_TEXTS[useLang()].clients;
  const [copy, setCopy] = useState<CopyResult | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), []);

  async function copySecret() {
    const result = await copyText(client.client_secret);
    setCopy(result);
    if (result === 'failed') {
      // The fallback: the secret selected in its field, ready for Ctrl+C.
      field.current?.focus();
      field.current?.select();
    }
  }

  return (
    <section ref={box} tabIndex={-1} className="card card--accent secret-once" aria-labelledby="secret-title">
      <h3 id="secret-title">{t.secretTitle(client.name)}</h3>
      <p>{t.secretOnce}</p>
      <dl className="summary-list">
        <div>
          <dt>{t.clientId}</dt>
          <dd>
            <code>{client.client_id}</code>
          </dd>
        </div>
      </dl>
      <div className="field">
        <label htmlFor="client-secret">{t.secretLabel}</label>
        <input
          id="client-secret"
          ref={field}
          className="secret-once__value"
          readOnly
          value={client.client_secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void copySecret()}>
          {t.copy}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t.done}
        </button>
      </div>
      <p role="status" className={copy === 'failed' ? 'field__error' : 'secret-once__copied'}>
        {copy === 'copied' ? t.copied : copy === 'failed' ? t.copyFailed : ''}
      </p>
    </section>
  );
}
