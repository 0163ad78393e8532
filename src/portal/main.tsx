import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PortalApp } from './PortalApp.tsx';
import '../ui/ui-kit.css';
import './portal.css';

const container = document.getElementById('root');
if (container)
  createRoot(container).render(
    <StrictMode>
      <PortalApp />
    </StrictMode>,
  );
