import { TicketDetailView } from './tickets/TicketDetailView.tsx';
import { TicketList } from './tickets/TicketList.tsx';
import { DeskStatus } from './ui/DeskStatus.tsx';

export const App = () => (
  <div className="app">
    <header className="app-header">
      <h1>Presidio</h1>
      <span className="muted">Console tecnici · Customer service</span>
      <DeskStatus />
    </header>
    <main className="app-main">
      <TicketList />
      <TicketDetailView />
    </main>
  </div>
);
