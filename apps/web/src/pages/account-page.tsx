import { Link, useLocation, useParams } from 'react-router';
import { useAccount } from '../api/accounts.ts';
import { isApiError } from '../api/errors.ts';
import { usePosture } from '../api/posture.ts';
import { useTrends } from '../api/trends.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { Delta } from '../components/delta.tsx';
import { DomainCards } from '../components/domain-cards.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { FailingControls } from '../components/failing-controls.tsx';
import { FindingsSection } from '../components/findings-section.tsx';
import { ScoreValue } from '../components/score-value.tsx';
import { SeverityCounts } from '../components/severity-badge.tsx';
import { LoadingRegion, Skeleton, SkeletonCards, SkeletonTable } from '../components/skeleton.tsx';
import { TrendSection } from '../components/trend-section.tsx';
import { addDays, todayUtc } from '../lib/dates.ts';
import { formatCounts, scoreDelta } from '../lib/format.ts';
import { GLOBAL_PARAMS, updateSearch, withCarriedParams } from '../lib/search-params.ts';
import { rangeStart } from '../lib/trend-data.ts';
import { useSearchParam } from '../lib/use-search-param.ts';
import { dateParam, DELTA_DAYS } from '../lib/view-params.ts';

export default function AccountPage() {
  const { accountId = '' } = useParams();
  const [date] = useSearchParam('date', dateParam);
  const asOf = date ?? todayUtc();
  const before = addDays(asOf, -DELTA_DAYS);
  const deltaWindow = `vs ${before}`;
  const { search } = useLocation();
  const current = new URLSearchParams(search);

  const account = useAccount(accountId, { date: date ?? undefined });
  const previous = usePosture({ accountId, date: before });
  const spark = useTrends({ from: rangeStart(asOf, 30), to: asOf, interval: 'day', accountId });

  const crumbs = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link to={withCarriedParams('/', current, GLOBAL_PARAMS)}>Posture</Link> ›{' '}
      <Link to={withCarriedParams('/accounts', current, GLOBAL_PARAMS)}>Accounts</Link> ›
    </nav>
  );

  if (account.isPending) {
    return (
      <LoadingRegion>
        {crumbs}
        <Skeleton width="35%" height="2em" />
        <SkeletonCards />
        <SkeletonTable />
      </LoadingRegion>
    );
  }
  if (account.isError) {
    const notFound = isApiError(account.error) && account.error.status === 404;
    return (
      <>
        {crumbs}
        {notFound ? (
          <div className="empty-state">
            <p>Pillar has no account {accountId}.</p>
            <Link to={withCarriedParams('/accounts', current, GLOBAL_PARAMS)}>All accounts</Link>
          </div>
        ) : (
          <ErrorBanner error={account.error} title="Could not load the account" onRetry={() => void account.refetch()} />
        )}
      </>
    );
  }

  const a = account.data;
  return (
    <>
      {crumbs}
      <div className="page-header">
        <h1>
          {a.name}{' '}
          <span className="mono muted" style={{ fontSize: '0.7em' }}>
            ({a.accountId})
          </span>
        </h1>
        <CopyButton text={a.accountId} label="Copy id" />
        <span className="spacer" />
        <span className="muted">as of {asOf}</span>
      </div>
      <section className="section" aria-label="Account score" style={{ marginTop: 0 }}>
        <div className="headline">
          <ScoreValue score={a.overall} size="xl" />
          {previous.data && <Delta delta={scoreDelta(a.overall.score, previous.data.overall.score)} window={deltaWindow} />}
        </div>
        <p className="score-counts" style={{ margin: '0.25rem 0' }}>
          {formatCounts(a.overall)}
        </p>
        <div className="headline">
          <span className="muted">Open findings:</span>
          <SeverityCounts counts={a.openFindings} />
        </div>
      </section>
      <DomainCards
        domains={a.domains}
        previous={previous.data?.domains}
        deltaWindow={`in ${DELTA_DAYS} d`}
        deltaDetail={deltaWindow}
        sparkPoints={spark.data?.interval === 'day' ? spark.data.points : undefined}
        // A card narrows the failing controls below to its domain.
        linkFor={(key) => `?${updateSearch(current, { cdomain: key }).toString()}`}
      />
      <TrendSection asOf={asOf} accountId={a.accountId} overallLabel={a.name} />
      <FailingControls accountId={a.accountId} controls={a.controls} asOf={asOf} />
      <FindingsSection accountId={a.accountId} date={asOf} />
    </>
  );
}
