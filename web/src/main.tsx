import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider } from './i18n';
// NL Design System: the base design tokens, the components' CSS, then the portal's theme (token
// overrides) and its own layout and page styles, in that order.
import '@rijkshuisstijl-community/design-tokens/dist/root.css';
import '@rijkshuisstijl-community/components-css/dist/index.css';
import './theme.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
