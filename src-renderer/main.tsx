import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectApi } from './bridge/connect.js';
import { setupI18n } from './i18n/i18n.js';
import './styles.css';

setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={connectApi()} />
  </StrictMode>,
);
