import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadConfig } from './session.js';
import './app.css';

const root = document.getElementById('root');
if (root) {
  loadConfig().then((config) => createRoot(root).render(<App config={config} />));
}
