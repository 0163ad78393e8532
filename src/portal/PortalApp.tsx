import { useEffect } from 'react';
import { createHashRouter, Navigate, NavLink, Outlet, RouterProvider } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { usePortalSession } from './portal.store.ts';
import { HoursPage } from './pages/HoursPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { InfoPage } from './pages/InfoPages.tsx';
import { PackagesPage } from './pages/PackagesPage.tsx';
import { RepairsPage } from './pages/RepairsPage.tsx';
import { RequestPage } from './pages/RequestPage.tsx';
import { InvitePage, PasswordLinkPage, LoginPage } from './pages/SignInPages.tsx';
import { StatementsPage } from './pages/StatementsPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { RequestDetailPage } from './pages/RequestDetailPage.tsx';

function Shell() {
  const { session, checking, logout } = usePortalSession(useShallow((state) => ({ session: state.session, checking: state.checking, logout: state.logout })));
  if (checking) return <p className="portal-narrow muted">Caricamento…</p>;
  if (!session) return <LoginPage />;
  return (
    <div className="portal">
      <header className="portal-header">
        <div>
          <strong>{session.customer.name}</strong>
          <div className="muted">{session.contact.name}</div>
        </div>
        <button type="button" onClick={() => void logout()}>
          Esci
        </button>
      </header>
      <nav className="portal-nav" aria-label="Sezioni">
        <NavLink to="/" end>
          Home
        </NavLink>
        <NavLink to="/richieste">Richieste</NavLink>
        <NavLink to="/nuova">Nuova richiesta</NavLink>
        <NavLink to="/ore">Ore residue</NavLink>
        <NavLink to="/riparazioni">Riparazioni</NavLink>
        <NavLink to="/rendiconti">Rendiconti</NavLink>
        <NavLink to="/pacchetti">Pacchetti</NavLink>
        <NavLink to="/domande">Domande frequenti</NavLink>
        <NavLink to="/incluso">Cosa è incluso</NavLink>
      </nav>
      <main className="portal-main">
        <Outlet />
      </main>
    </div>
  );
}

const router = createHashRouter([
  { path: '/invito/:token', element: <InvitePage /> },
  { path: '/password/:token', element: <PasswordLinkPage /> },
  { path: '/faq', element: <InfoPage slug="faq" standalone /> },
  { path: '/cosa-e-incluso', element: <InfoPage slug="schema" standalone /> },
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'ore', element: <HoursPage /> },
      { path: 'richieste', element: <TicketsPage /> },
      { path: 'richieste/:id', element: <RequestDetailPage /> },
      { path: 'nuova', element: <RequestPage /> },
      { path: 'riparazioni', element: <RepairsPage /> },
      { path: 'rendiconti', element: <StatementsPage /> },
      { path: 'pacchetti', element: <PackagesPage /> },
      { path: 'domande', element: <InfoPage slug="faq" /> },
      { path: 'incluso', element: <InfoPage slug="schema" /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export const PortalApp = () => {
  const check = usePortalSession((state) => state.check);
  useEffect(() => void check(), [check]);
  return <RouterProvider router={router} />;
};
