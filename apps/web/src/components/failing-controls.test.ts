import { describe, expect, it } from 'vitest';
import type { AccountControl } from '../api/types.ts';
import { failingControls } from './failing-controls.tsx';

const control = (controlId: string, severity: AccountControl['severity'], failedResources = 1, status: AccountControl['status'] = 'FAILED'): AccountControl => ({
  controlId,
  title: controlId,
  severity,
  domain: null,
  status,
  failedResources,
  failingSince: '2026-11-01',
});

describe('failingControls', () => {
  it('keeps failing controls, most severe first, then by failed resources; no severity (Config rules) last', () => {
    const sorted = failingControls([
      control('config:required-tags', null, 9),
      control('S3.1', 'LOW'),
      control('EC2.1', 'CRITICAL', 1),
      control('EC2.2', 'CRITICAL', 4),
      control('IAM.1', 'HIGH', 1, 'PASSED'),
    ]);
    expect(sorted.map((c) => c.controlId)).toEqual(['EC2.2', 'EC2.1', 'S3.1', 'config:required-tags']);
  });
});
