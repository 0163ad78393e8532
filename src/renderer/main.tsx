import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createHostApi } from './host/host-api.ts';
import { setHostApi } from './host/host-context.ts';
import '../ui/ui-kit.css';
import './styles.css';

setHostApi(createHostApi());

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
