import { useEffect, useState, type ReactNode } from 'react';
import { createHashRouter, Navigate, NavLink, Outlet, RouterProvider } from 'react-router';
import { isLead } from '../shared/sync/rules.ts';
import { useSignedInUserId, watchUserChanges } from './app/user-boundary.ts';
import { IntakeDialog, type IntakePrefill } from './intake/IntakeDialog.tsx';
import { CallBanner } from './calls/CallBanner.tsx';
import { RepairsDialog } from './repairs/RepairsDialog.tsx';
import { TeamDayScreen } from './review/TeamDayScreen.tsx';
import { LoadAndQualityScreen } from './review/LoadAndQualityScreen.tsx';
import { SyncBar } from './sync/SyncBar.tsx';
import { useSyncStore } from './sync/sync.store.ts';
import { TicketDetailView } from './tickets/TicketDetailView.tsx';
import { TicketList } from './tickets/TicketList.tsx';
import { useTicketsStore } from './tickets/tickets.store.ts';
import { ActiveTimers } from './timer/ActiveTimers.tsx';
import { IdleWatcher } from './timer/IdleWatcher.tsx';
import { DeskStatus } from './ui/DeskStatus.tsx';
import { CalendarScreen } from './calendar/CalendarScreen.tsx';
import { QualityCallsScreen } from './quality/QualityCallsScreen.tsx';
import { StatementsScreen } from './reports/StatementsScreen.tsx';
import { ChannelsScreen } from './admin/ChannelsScreen.tsx';
import { PortalPagesScreen } from './portal-content/PortalPagesScreen.tsx';
import { PackagesScreen } from './reports/PackagesScreen.tsx';
import { UpdateBadge } from './updates/UpdateStatus.tsx';
import { useCalendarStore } from './calendar/calendar.store.ts';
import { usePolicyStore } from './billing/policy.store.ts';
import { PolicyScreen } from './billing/PolicyScreen.tsx';
import { ImportScreen } from './admin/ImportScreen.tsx';
import { CustomersScreen } from './customers/CustomersScreen.tsx';
import { UsersScreen } from './admin/UsersScreen.tsx';

/** Whether the signed-in user leads the team: the console shows team screens to them only. */
const useIsLead = (): boolean =>
  useSyncStore((state) => {
    const user = state.status?.user;
    return user ? isLead({ id: user.id, role: user.role }) : false;
  });

const useIsAdmin = (): boolean => useSyncStore((state) => state.status?.user?.role === 'admin');

/** An admin's screen (the switch-over, accounts): others see why it is not for them; the API refuses them too. */
const AdminOnly = ({ children }: { children: ReactNode }) =>
  useIsAdmin() ? children : <p className="empty-state">Questa schermata è riservata agli amministratori.</p>;

/** A team screen: others see why it is not for them (the core and the API refuse its data anyway). */
const LeadOnly = ({ children }: { children: ReactNode }) =>
  useIsLead() ? children : <p className="empty-state">Questa schermata è riservata ai team leader.</p>;

const QueueScreen = () => (
  <main className="app-main">
    <TicketList />
    <TicketDetailView />
  </main>
);

/** Screens have addresses (hash-based: they work under the app:// protocol and in the browser host). */
const router = createHashRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <QueueScreen /> },
      { path: 'customers', element: <CustomersScreen /> },
      {
        path: 'quality',
        element: (
          <LeadOnly>
            <QualityCallsScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'calendar',
        element: (
          <LeadOnly>
            <CalendarScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'packages',
        element: (
          <LeadOnly>
            <PackagesScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'portal-pages',
        element: (
          <LeadOnly>
            <PortalPagesScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'statements',
        element: (
          <LeadOnly>
            <StatementsScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'policy',
        element: (
          <LeadOnly>
            <PolicyScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'load',
        element: (
          <LeadOnly>
            <LoadAndQualityScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'team',
        element: (
          <LeadOnly>
            <TeamDayScreen />
          </LeadOnly>
        ),
      },
      {
        path: 'admin/users',
        element: (
          <AdminOnly>
            <UsersScreen />
          </AdminOnly>
        ),
      },
      {
        path: 'admin/channels',
        element: (
          <AdminOnly>
            <ChannelsScreen />
          </AdminOnly>
        ),
      },
      {
        path: 'admin/import',
        element: (
          <AdminOnly>
            <ImportScreen />
          </AdminOnly>
        ),
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export const App = () => {
  useEffect(() => watchUserChanges(), []);
  return <RouterProvider router={router} />;
};

function Shell() {
  const userId = useSignedInUserId();
  // A new user gets a freshly mounted workspace: no state, dialog or subscription of the previous one.
  return <Workspace key={userId ?? 'signed-out'} />;
}

const Workspace = () => {
  const [intake, setIntake] = useState(false);
  const [prefill, setPrefill] = useState<IntakePrefill | null>(null);
  const [repairs, setRepairs] = useState(false);
  const select = useTicketsStore((state) => state.select);
  const load = useTicketsStore((state) => state.load);
  const lead = useIsLead();
  const admin = useIsAdmin();
  const calendar = useCalendarStore((state) => state.calendar);
  const initCalendar = useCalendarStore((state) => state.init);
  useEffect(() => initCalendar(), [initCalendar]);
  const initPolicy = usePolicyStore((state) => state.init);
  useEffect(() => initPolicy(), [initPolicy]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Presidio</h1>
        <nav className="app-nav" aria-label="Schermate">
          <NavLink to="/" end>
            Coda
          </NavLink>
          <NavLink to="/customers">Clienti</NavLink>
          {lead ? <NavLink to="/team">Giornata del team</NavLink> : null}
          {lead ? <NavLink to="/load">Carico e qualità</NavLink> : null}
          {lead ? <NavLink to="/quality">Chiamate di qualità</NavLink> : null}
          {lead ? <NavLink to="/calendar">Calendario</NavLink> : null}
          {lead ? <NavLink to="/statements">Rendiconti</NavLink> : null}
          {lead ? <NavLink to="/packages">Pacchetti</NavLink> : null}
          {lead ? <NavLink to="/policy">Tariffe</NavLink> : null}
          {lead ? <NavLink to="/portal-pages">Pagine del portale</NavLink> : null}
          {admin ? <NavLink to="/admin/users">Utenti</NavLink> : null}
          {admin ? <NavLink to="/admin/import">Importa</NavLink> : null}
          {admin ? <NavLink to="/admin/channels">Canali</NavLink> : null}
        </nav>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setPrefill(null);
            setIntake(true);
          }}
        >
          Nuova richiesta
        </button>
        <button type="button" onClick={() => setRepairs(true)}>
          Riparazioni
        </button>
        <DeskStatus calendar={calendar} />
        <UpdateBadge />
        <SyncBar />
      </header>
      <CallBanner
        onOpenTicket={(ticketId) => void select(ticketId)}
        onNewRequest={(call) => {
          setPrefill({
            customer: call.customer ? { id: call.customer.id, code: call.customer.code, name: call.customer.name, city: null, phone: call.fromNumber, email: null } : null,
            channel: call.line === 'weekend' ? 'weekend_line' : 'phone',
            description: `Chiamata da ${call.fromNumber ?? 'numero nascosto'}.`,
          });
          setIntake(true);
        }}
      />
      <ActiveTimers />
      <Outlet />
      <IntakeDialog
        prefill={prefill}
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
