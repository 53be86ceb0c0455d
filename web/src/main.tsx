import { WebPubSubClient } from '@azure/web-pubsub-client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api';
import { App, RealtimeContext } from './App';
import { Realtime } from './realtime';
import './styles.css';

const queries = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
// Every (re)connect negotiates again, so the token lists the sheets of sessions opened since.
const client = new WebPubSubClient({ getClientAccessUrl: async () => (await api.negotiate()).url });
const realtime = new Realtime(client, queries);
void realtime.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <RealtimeContext.Provider value={realtime}>
        <App />
      </RealtimeContext.Provider>
    </QueryClientProvider>
  </StrictMode>,
);
