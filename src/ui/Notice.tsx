import type { ReactNode } from 'react';

export const Notice = ({ tone, children }: { tone: 'info' | 'error'; children: ReactNode }) => (
  <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
    {children}
  </div>
);
