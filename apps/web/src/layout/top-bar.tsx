import { NavLink, useLocation } from 'react-router';
import { useIsAdmin } from '../auth/use-role.ts';
import { GLOBAL_PARAMS, withCarriedParams } from '../lib/search-params.ts';
import { DateControl } from './date-control.tsx';
import { LastSync } from './last-sync.tsx';
import { UserMenu } from './user-menu.tsx';

interface Tab {
  to: string;
  label: string;
  end?: boolean;
  admin?: boolean;
}

const TABS: readonly Tab[] = [
  { to: '/', label: 'Posture', end: true },
  { to: '/accounts', label: 'Accounts' },
  { to: '/reviews/weekly', label: 'Weekly review' },
  { to: '/syncs', label: 'Syncs', admin: true },
];

export function TopBar() {
  const isAdmin = useIsAdmin();
  const { search } = useLocation();
  const current = new URLSearchParams(search);
  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavLink to={withCarriedParams('/', current, GLOBAL_PARAMS)} className="brand">
        Pillar
      </NavLink>
      <nav aria-label="Main" className="tabs">
        {TABS.filter((t) => !t.admin || isAdmin).map((tab) => (
          <NavLink key={tab.to} to={withCarriedParams(tab.to, current, GLOBAL_PARAMS)} end={tab.end} className="tab">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <div className="top-bar-tools">
        <DateControl />
        <LastSync />
        <UserMenu />
      </div>
    </header>
  );
}
