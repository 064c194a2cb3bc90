import type { CSSProperties, ReactNode } from 'react';

export function Skeleton({ width = '100%', height = '1em', style }: { width?: string | number; height?: string | number; style?: CSSProperties }) {
  return <span className="skeleton" style={{ width, height, ...style }} aria-hidden="true" />;
}

/** Announces loading once, while the shapes stand in for the content. */
export function LoadingRegion({ label = 'Loading', children }: { label?: string; children: ReactNode }) {
  return (
    <div aria-busy="true" className="loading-region">
      <span className="visually-hidden" role="status">
        {label}…
      </span>
      {children}
    </div>
  );
}

export function SkeletonCards({ count = 5 }: { count?: number }) {
  return (
    <div className="card-grid">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="domain-card skeleton-card">
          <Skeleton width="50%" />
          <Skeleton width="40%" height="1.8em" />
          <Skeleton height="28px" />
          <Skeleton width="80%" />
        </div>
      ))}
    </div>
  );
}

export function SkeletonTable({ rows = 6, columns = 5 }: { rows?: number; columns?: number }) {
  return (
    <div className="skeleton-table">
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className="skeleton-row" style={{ gridTemplateColumns: `2fr repeat(${columns - 1}, 1fr)` }}>
          {Array.from({ length: columns }, (_, c) => (
            <Skeleton key={c} />
          ))}
        </div>
      ))}
    </div>
  );
}

export function SkeletonChart({ height = 280 }: { height?: number }) {
  return <Skeleton height={height} style={{ display: 'block' }} />;
}

export function PageSkeleton() {
  return (
    <LoadingRegion>
      <Skeleton width="30%" height="2em" />
      <SkeletonCards />
      <SkeletonChart />
    </LoadingRegion>
  );
}
