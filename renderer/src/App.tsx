import { useState } from 'react';
import { Reader } from './Reader.js';
import { Search } from './Search.js';

/** The workbench: search, and the article opened from it. The query is kept while reading. */
export function App() {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  return (
    <main className="app">
      <header className="top">
        <span className="brand">Pantau</span>
      </header>
      <div hidden={open !== null}>
        <Search query={query} setQuery={setQuery} onOpen={setOpen} visible={open === null} />
      </div>
      {open !== null && <Reader id={open} onBack={() => setOpen(null)} />}
    </main>
  );
}
