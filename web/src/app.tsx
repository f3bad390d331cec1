/**
 * Signed out: the sign-in form. Signed in: the layout (mode banner, navigation)
 * around the page the URL fragment names, with live updates running.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { setCsrfToken, whenSignedOut } from './api/client';
import { keys, useSession } from './api/queries';
import { Layout } from './components/layout';
import { useLiveEvents } from './live-events';
import { ChartPage } from './pages/chart-page';
import { OverviewPage } from './pages/overview-page';
import { PositionsPage } from './pages/positions-page';
import { SendSignalPage } from './pages/send-signal-page';
import { SettingsPage } from './pages/settings-page';
import { SignInPage } from './pages/sign-in-page';
import { SignalDetailPage } from './pages/signal-detail-page';
import { SignalsPage } from './pages/signals-page';
import { useRoute } from './router';

export function App() {
  const client = useQueryClient();
  const session = useSession();
  const route = useRoute();
  const signedIn = !!session.data;
  const live = useLiveEvents(signedIn);

  useEffect(() => {
    setCsrfToken(session.data?.csrf_token);
  }, [session.data?.csrf_token]);
  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(undefined);
      client.setQueryData(keys.session, null);
    });
  }, [client]);

  if (session.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (!session.data) return <SignInPage error={session.error?.message} />;

  const venue = session.data.exchange;
  return (
    <Layout venue={venue} live={live} page={route.page}>
      {route.page === 'overview' && <OverviewPage />}
      {route.page === 'signals' && <SignalsPage />}
      {route.page === 'signal' && route.id && <SignalDetailPage id={route.id} />}
      {route.page === 'positions' && <PositionsPage />}
      {route.page === 'chart' && <ChartPage symbol={route.params.get('symbol') ?? undefined} />}
      {route.page === 'send' && <SendSignalPage venue={venue} />}
      {route.page === 'settings' && <SettingsPage />}
    </Layout>
  );
}
