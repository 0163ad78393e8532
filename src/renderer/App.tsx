import { TicketDetailView } from './tickets/TicketDetailView.tsx';
import { TicketList } from './tickets/TicketList.tsx';
import { DeskStatus } from './ui/DeskStatus.tsx';
import { SyncBar } from './sync/SyncBar.tsx';

export const App = () => (
  <div className="app">
    <header className="app-header">
      <h1>Presidio</h1>
      <span className="muted">Console tecnici · Customer service</span>
      <DeskStatus />
      <SyncBar />
    </header>
    <main className="app-main">
      <TicketList />
      <TicketDetailView />
    </main>
  </div>
);
