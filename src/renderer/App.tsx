import { TicketDetailView } from './tickets/TicketDetailView.tsx';
import { TicketList } from './tickets/TicketList.tsx';

export const App = () => (
  <div className="app">
    <header className="app-header">
      <h1>Presidio</h1>
      <span className="muted">Console tecnici · Customer service</span>
    </header>
    <main className="app-main">
      <TicketList />
      <TicketDetailView />
    </main>
  </div>
);
