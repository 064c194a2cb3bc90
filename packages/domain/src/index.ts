// @pillar/domain: pure domain logic of Pillar (no I/O). SCORING.md defines every number computed here.
export * from './domains.ts';
export * from './severity.ts';
export * from './catalog.ts';
export * from './domain-mapping.ts';
export * from './config-rule.ts';
export * from './product.ts';
export * from './control-id.ts';
export * from './iso-timestamp.ts';
export * from './extract.ts';
export * from './storable.ts';
export * from './finding.ts';
export * from './pair-status.ts';
export * from './scoring.ts';
export * from './days.ts';
export * from './weeks.ts';
export * from './weekly-diff.ts';
export * from './errors.ts';
