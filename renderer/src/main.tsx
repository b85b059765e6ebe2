import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.js';
import { App } from './App.js';
import '@fontsource-variable/inter';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
