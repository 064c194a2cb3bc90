import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SIM_DOMAINS } from './catalog.ts';
import type { DayChanges } from './changes.ts';
import type { CounterSnapshot } from './counters.ts';
import type { DaySummary, Story } from './evolve.ts';
import type { FaultSettings, FaultState } from './faults.ts';
import { faultSettingsSchema } from './faults.ts';
import { readBody, send } from './protocols/http.ts';
import type { StateSummary } from './state.ts';

/** What the admin endpoints can do; the simulator provides it. */
export interface AdminApi {
  summary(): StateSummary;
  advanceDay(story?: Story): DaySummary;
  changesOn(day: string): DayChanges | undefined;
  faults(): FaultState;
  setFaults(f: FaultSettings): FaultState;
  clearFaults(): void;
  counters(includeLog: boolean): CounterSnapshot;
  resetCounters(): void;
  removeFindings(ids: readonly string[]): number;
}

const domain = z.enum(SIM_DOMAINS as [string, ...string[]]);
const storySchema = z.object({
  improve: z.array(domain).optional(),
  regress: z.array(domain).optional(),
  incident: z
    .union([z.boolean(), z.object({ accountId: z.string().regex(/^\d{12}$/).optional(), region: z.string().max(30).optional(), findings: z.number().int().min(1).max(10_000).optional() })])
    .optional(),
});
const advanceSchema = z.object({ days: z.number().int().min(1).max(366).default(1), story: storySchema.optional() });
const faultsSchema = faultSettingsSchema.extend({ clear: z.boolean().optional() });
const removeSchema = z.object({ ids: z.array(z.string().max(512)).max(100_000) });

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/**
 * `/_sim/*`: state summary, advance, changes, faults, counters, removals. Only loopback clients may call it,
 * unless an admin token is configured, in which case the `x-sim-admin-token` header must carry it.
 */
export function adminHandler(api: AdminApi, adminToken: string | undefined) {
  const authorised = (req: IncomingMessage): boolean => {
    if (adminToken === undefined) return isLoopback(req.socket.remoteAddress);
    const given = Buffer.from(String(req.headers['x-sim-admin-token'] ?? ''));
    const want = Buffer.from(adminToken);
    return given.length === want.length && timingSafeEqual(given, want);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!authorised(req)) return json(res, 403, { error: 'admin endpoints are not available to this client' });
    const url = new URL(req.url ?? '/', 'http://sim');
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`;
    const body = req.method === 'POST' ? await readBody(req) : '';
    const input = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
    try {
      switch (route) {
        case 'GET /_sim/health':
          return json(res, 200, { ok: true });
        case 'GET /_sim/state':
          return json(res, 200, api.summary());
        case 'POST /_sim/advance': {
          const { days, story } = advanceSchema.parse(input());
          const out: DaySummary[] = [];
          for (let d = 0; d < days; d++) out.push(api.advanceDay(story as Story | undefined));
          return json(res, 200, { days: out });
        }
        case 'GET /_sim/changes': {
          const day = url.searchParams.get('day') ?? '';
          const changes = api.changesOn(day);
          return changes ? json(res, 200, changes) : json(res, 404, { error: `no changes recorded for day ${day}` });
        }
        case 'GET /_sim/faults':
          return json(res, 200, api.faults());
        case 'POST /_sim/faults': {
          const { clear, ...settings } = faultsSchema.parse(input());
          if (clear) api.clearFaults();
          return json(res, 200, api.setFaults(settings));
        }
        case 'DELETE /_sim/faults':
          api.clearFaults();
          return json(res, 200, api.faults());
        case 'GET /_sim/counters':
          return json(res, 200, api.counters(url.searchParams.get('log') !== '0'));
        case 'POST /_sim/counters/reset':
        case 'DELETE /_sim/counters':
          api.resetCounters();
          return json(res, 200, { ok: true });
        case 'POST /_sim/findings/remove': {
          const { ids } = removeSchema.parse(input());
          return json(res, 200, { removed: api.removeFindings(ids) });
        }
        default:
          return json(res, 404, { error: `unknown admin route ${route}` });
      }
    } catch (e) {
      if (e instanceof z.ZodError || e instanceof SyntaxError) return json(res, 400, { error: 'invalid request', detail: e.message });
      throw e;
    }
  };
}
