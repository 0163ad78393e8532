import { useEffect, useState } from 'react';
import { useSignedInUserId, watchUserChanges } from './app/user-boundary.ts';
import { IntakeDialog } from './intake/IntakeDialog.tsx';
import { RepairsDialog } from './repairs/RepairsDialog.tsx';
import { SyncBar } from './sync/SyncBar.tsx';
import { TicketDetailView } from './tickets/TicketDetailView.tsx';
import { TicketList } from './tickets/TicketList.tsx';
import { useTicketsStore } from './tickets/tickets.store.ts';
import { ActiveTimers } from './timer/ActiveTimers.tsx';
import { IdleWatcher } from './timer/IdleWatcher.tsx';
import { DeskStatus } from './ui/DeskStatus.tsx';

export const App = () => {
  const userId = useSignedInUserId();
  useEffect(() => watchUserChanges(), []);
  return (
    // A new user gets a freshly mounted workspace: no state, dialog or subscription of the previous one.
    <Workspace key={userId ?? 'signed-out'} />
  );
};

const Workspace = () => {
  const [intake, setIntake] = useState(false);
  const [repairs, setRepairs] = useState(false);
  const select = useTicketsStore((state) => state.select);
  const load = useTicketsStore((state) => state.load);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Presidio</h1>
        <button type="button" className="primary" onClick={() => setIntake(true)}>
          Nuova richiesta
        </button>
        <button type="button" onClick={() => setRepairs(true)}>
          Riparazioni
        </button>
        <DeskStatus />
        <SyncBar />
      </header>
      <ActiveTimers />
      <main className="app-main">
        <TicketList />
        <TicketDetailView />
      </main>
      <IntakeDialog
        open={intake}
        onClose={() => setIntake(false)}
        onCreated={(ticketId) => {
          void load();
          void select(ticketId);
        }}
      />
      <RepairsDialog open={repairs} onClose={() => setRepairs(false)} />
      <IdleWatcher />
    </div>
  );
};
