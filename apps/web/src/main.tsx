import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { themeCssVariables } from './theme.ts';
import './styles.css';

for (const [name, value] of Object.entries(themeCssVariables())) {
  document.documentElement.style.setProperty(name, value);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
