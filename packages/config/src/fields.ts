import { z } from 'zod';

// Field schemas shared by every process. Each one bounds its input; messages are written for operators.

const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export const postgresUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgresql:' || u.protocol === 'postgres:') && u.hostname !== '' && u.pathname.length > 1;
    } catch {
      return false;
    }
  }, 'must be a postgresql:// URL with a host and a database name, e.g. postgresql://postgres@127.0.0.1:5432/pillar');

export const redisUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');

export const region = z.string().regex(AWS_REGION, 'must be an AWS region such as us-east-1');

export const regionList = z
  .string()
  .max(1024)
  .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(region).min(1, 'must name at least one region').max(40));

export const port = z.coerce.number().int().min(0).max(65535);

export const positiveInt = z.coerce.number().int().positive().max(1_000_000_000);

/** Five- or six-field cron expression; BullMQ validates the rest when the schedule is registered. */
export const cron = z
  .string()
  .max(200)
  .regex(/^\S+(\s+\S+){4,5}$/, 'must be a cron expression with 5 or 6 fields, e.g. "0 */6 * * *"');

export const secret = (min: number) => z.string().min(min, `must be at least ${min} characters`).max(4096);

export const aggregatorName = z
  .string()
  .regex(/^[\w-]{1,256}$/, 'must be a Config aggregator name (letters, digits, _ and -)');

export const proxyList = z
  .string()
  .max(2048)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
