import './csp-safe-zod.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectStation } from './transport/station-client.js';
import './styles.css';

const station = connectStation();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App station={station} />
  </StrictMode>,
);
