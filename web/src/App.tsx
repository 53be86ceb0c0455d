import { useEffect, useState } from 'react';

type Health = { status: string; version: string; dependencies: Record<string, unknown> };

/** Placeholder shell until the split-panel UI lands: shows that the API answers. */
export function App() {
  const [health, setHealth] = useState<Health | { error: string } | undefined>();
  useEffect(() => {
    fetch('/api/health')
      .then((res) => res.json() as Promise<Health>)
      .then(setHealth, (error: Error) => setHealth({ error: error.message }));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>ChatSheetAI</h1>
      <p>Chat with your Smartsheet sheet in plain language.</p>
      <p aria-live="polite" data-testid="health">
        {health === undefined ? 'Checking the API…' : 'error' in health ? `API unreachable: ${health.error}` : `API ${health.status} (v${health.version})`}
      </p>
    </main>
  );
}
