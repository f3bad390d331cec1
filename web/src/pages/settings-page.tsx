/**
 * Settings: the Binance credentials (checked against the exchange before they
 * are used, stored encrypted, shown masked) and the notification channels.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent } from 'react';
import { api, get } from '../api/client';
import { keys } from '../api/queries';
import { ErrorNote, Json, Loading } from '../components/bits';
import { formText } from '../format';

interface Credentials {
  source: string;
  mode: string;
  api_key: string | null;
  last_check_ok: boolean | null;
  last_checked_at: string | null;
  last_check_error?: string | null;
}

function CredentialsSection() {
  const client = useQueryClient();
  const current = useQuery({
    queryKey: [...keys.settings, 'binance'],
    queryFn: () => get<Credentials>('/api/binance/config'),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.settings });
    void client.invalidateQueries({ queryKey: keys.session });
    void client.invalidateQueries({ queryKey: keys.positions });
  };
  const save = useMutation({
    mutationFn: (body: { api_key: string; api_secret: string; mode: string }) =>
      api('POST', '/api/binance/config', body),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => api('DELETE', '/api/binance/config'), onSuccess: refresh });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate(
      {
        api_key: formText(form, 'api_key'),
        api_secret: formText(form, 'api_secret'),
        mode: formText(form, 'mode'),
      },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  return (
    <section aria-labelledby="binance-title">
      <h2 id="binance-title">Binance credentials</h2>
      {current.isPending && <Loading />}
      <ErrorNote error={current.error} />
      {current.data && (
        <dl className="pairs" data-testid="credentials">
          <div>
            <dt>In use</dt>
            <dd>
              {current.data.source}, {current.data.mode}
            </dd>
          </div>
          <div>
            <dt>API key</dt>
            <dd>{current.data.api_key ?? 'none'}</dd>
          </div>
          {current.data.last_checked_at && (
            <div>
              <dt>Last check</dt>
              <dd>{current.data.last_check_ok ? 'ok' : `failed: ${current.data.last_check_error ?? ''}`}</dd>
            </div>
          )}
        </dl>
      )}
      <form className="signal-form" onSubmit={submit} aria-label="Save Binance credentials">
        <label>
          API key
          <input name="api_key" required autoComplete="off" spellCheck={false} />
        </label>
        <label>
          API secret
          <input name="api_secret" type="password" required autoComplete="new-password" />
        </label>
        <label>
          Mode
          <select name="mode" defaultValue="testnet">
            <option value="testnet">testnet</option>
            <option value="live">live (real money)</option>
          </select>
        </label>
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Checking…' : 'Check and save'}
        </button>
      </form>
      <ErrorNote error={save.error} />
      {save.isSuccess && (
        <p role="status" className="ok-note">
          Saved and in use.
        </p>
      )}
      {current.data?.source === 'stored' && (
        <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Forget stored credentials (back to the environment's)
        </button>
      )}
      <ErrorNote error={remove.error} />
    </section>
  );
}

interface ChannelState {
  enabled: boolean;
  source: string;
  events: Record<string, boolean>;
  [field: string]: unknown;
}

type ChannelSettings = Record<string, ChannelState>;

const CHANNELS: Record<string, { title: string; fields: Array<{ name: string; label: string; secret?: boolean }> }> = {
  telegram: {
    title: 'Telegram',
    fields: [
      { name: 'bot_token', label: 'Bot token', secret: true },
      { name: 'chat_id', label: 'Chat id' },
    ],
  },
  discord: { title: 'Discord', fields: [{ name: 'webhook_url', label: 'Webhook URL', secret: true }] },
  webhook: {
    title: 'Signed webhook',
    fields: [
      { name: 'url', label: 'Receiver URL' },
      { name: 'secret', label: 'Signing secret (16+ characters)', secret: true },
    ],
  },
};

const shown = (value: unknown) => (typeof value === 'string' && value ? value : 'not set');

function ChannelForm({ name, state }: { name: string; state: ChannelState }) {
  const client = useQueryClient();
  const channel = CHANNELS[name];
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api('PUT', '/api/admin/notifications/settings', { [name]: body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.settings }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {
      enabled: form.get('enabled') === 'on',
      events: Object.fromEntries(Object.keys(state.events).map((type) => [type, form.get(`event:${type}`) === 'on'])),
    };
    for (const field of channel.fields) {
      const value = formText(form, field.name).trim();
      if (value) body[field.name] = value;
    }
    save.mutate(body);
  }

  const titleId = `channel-${name}`;
  return (
    <form className="channel" onSubmit={submit} aria-labelledby={titleId} data-testid={`channel-${name}`}>
      <h3 id={titleId}>
        {channel.title}{' '}
        <span className={`badge ${state.enabled ? 'status-executed' : 'status-skipped'}`}>
          {state.enabled ? 'on' : 'off'}
        </span>
      </h3>
      <dl className="pairs">
        <div>
          <dt>Settings from</dt>
          <dd>{state.source}</dd>
        </div>
        {channel.fields.map((field) => (
          <div key={field.name}>
            <dt>{field.label}</dt>
            <dd>{shown(state[field.name])}</dd>
          </div>
        ))}
      </dl>
      <div className="signal-form">
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked={state.enabled} />
          Enabled
        </label>
        {channel.fields.map((field) => (
          <label key={field.name}>
            New {field.label.toLowerCase()}
            <input
              name={field.name}
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              placeholder="unchanged when empty"
            />
          </label>
        ))}
      </div>
      <fieldset className="events">
        <legend>Events sent</legend>
        {Object.entries(state.events).map(([type, on]) => (
          <label key={type} className="check">
            <input type="checkbox" name={`event:${type}`} defaultChecked={on} />
            {type}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={save.isPending}>
        Save {channel.title}
      </button>
      <ErrorNote error={save.error} />
      {save.isSuccess && (
        <p role="status" className="ok-note">
          Saved.
        </p>
      )}
    </form>
  );
}

function NotificationsSection() {
  const settings = useQuery({
    queryKey: [...keys.settings, 'notifications'],
    queryFn: () => get<ChannelSettings>('/api/admin/notifications/settings'),
  });
  const test = useMutation({ mutationFn: () => api<unknown>('POST', '/api/admin/notifications/test') });

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notification channels</h2>
      {settings.isPending && <Loading />}
      <ErrorNote error={settings.error} />
      {settings.data &&
        Object.keys(CHANNELS)
          .filter((name) => settings.data[name])
          .map((name) => (
            // Re-mounted when the saved state changes, so the form shows what is in force.
            <ChannelForm
              key={`${name}:${JSON.stringify(settings.data[name])}`}
              name={name}
              state={settings.data[name]}
            />
          ))}
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        Send a test message
      </button>
      <ErrorNote error={test.error} />
      {test.data !== undefined && <Json value={test.data} label="Test results" />}
    </section>
  );
}

export function SettingsPage() {
  return (
    <>
      <h1>Settings</h1>
      <CredentialsSection />
      <NotificationsSection />
    </>
  );
}
