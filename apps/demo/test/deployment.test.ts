import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The compose stack as a security team would review it: the demo by default, real AWS as a choice, every Pillar
// container hardened (non-root, read-only root, no capabilities, limits, a healthcheck, a restart policy), no
// secret in the file, nothing secret copied into the image. (`docker-compose config -q` in CI checks the syntax.)

const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  profiles?: string[];
  read_only?: boolean;
  user?: string;
  cap_drop?: string[];
  security_opt?: string[];
  restart?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
};
// `merge: true`: the file shares settings between services with YAML merge keys (`<<: *app`).
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const pillarServices = Object.entries(services).filter(([, s]) => s.image === 'pillar:local');
const envExample = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

describe('docker-compose.yml', () => {
  it('starts the demo by default: .env.example selects the demo profile, whose service runs `pnpm demo`', () => {
    expect(envExample.COMPOSE_PROFILES).toBe('demo');
    expect(services.demo?.profiles).toEqual(['demo']);
    expect(services.demo?.command).toEqual(['pnpm', '--reporter=silent', 'demo']);
    // The demo has its own database: switching to real AWS later never mixes simulated history in.
    expect(services.demo?.environment?.DATABASE_URL).toMatch(/\/pillar_demo$/);
  });

  it('runs the API, the worker and the one-shot migration against real AWS only in the aws profile', () => {
    for (const name of ['api', 'worker', 'migrate']) expect(services[name]?.profiles, name).toEqual(['aws']);
    expect(services.api?.command).toEqual(['pnpm', '--reporter=silent', 'api']);
    expect(services.worker?.command).toEqual(['pnpm', '--reporter=silent', 'worker']);
    // AWS credentials pass through from the environment when set there, never written in the file.
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(services.worker?.environment, name).toHaveProperty(name, null);
    }
    // Postgres and Redis have no profile: both profiles use them, and the test suite can start them alone.
    expect(services.postgres?.profiles).toBeUndefined();
    expect(services.redis?.profiles).toBeUndefined();
  });

  it('hardens every Pillar container: non-root, read-only root filesystem, no capabilities, resource limits', () => {
    expect(pillarServices.map(([name]) => name).sort()).toEqual(['api', 'demo', 'migrate', 'worker']);
    for (const [name, s] of pillarServices) {
      expect(s.user, name).toBe('node');
      expect(s.read_only, name).toBe(true);
      expect(s.cap_drop, name).toEqual(['ALL']);
      expect(s.security_opt, name).toContain('no-new-privileges:true');
      expect(s.deploy?.resources?.limits?.memory, name).toMatch(/^\d+[mg]$/);
      expect(s.deploy?.resources?.limits?.cpus, name).toMatch(/^\d+(\.\d+)?$/);
    }
    for (const name of ['postgres', 'redis']) expect(services[name]?.deploy?.resources?.limits?.memory, name).toMatch(/^\d+[mg]$/);
  });

  it('gives every long-running service a restart policy and a healthcheck that calls it', () => {
    const longRunning = Object.entries(services).filter(([name]) => name !== 'migrate');
    for (const [name, s] of longRunning) {
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.healthcheck?.test?.length, name).toBeGreaterThan(1);
    }
    expect(services.api?.healthcheck?.test?.join(' ')).toContain('/api/v1/ready');
    expect(services.demo?.healthcheck?.test?.join(' ')).toContain('/api/v1/ready');
    // The worker serves /metrics inside its container for its healthcheck (the image's default checks the API).
    expect(services.worker?.environment?.PILLAR_WORKER_METRICS_PORT).toBe('9464');
    expect(services.worker?.healthcheck?.test?.join(' ')).toContain('127.0.0.1:9464/metrics');
    expect(services.migrate?.restart).toBe('no');
  });

  it('publishes ports on the loopback interface only and holds no secret', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const port of s.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
    const text = read('docker-compose.yml');
    // Every password and secret is a required variable (`:?`), with no default value.
    for (const match of text.matchAll(/\$\{(POSTGRES_PASSWORD|PILLAR_SESSION_SECRET)([^}]*)\}/g)) expect(match[2]).toMatch(/^:\?/);
    expect(text).not.toMatch(/(PASSWORD|SECRET)[A-Z_]*:\s*["']?[A-Za-z0-9+/=_-]{8,}["']?\s*$/m);
  });
});

describe('the image', () => {
  it('never copies a local .env, the git history or host dependencies into it', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['.env', '.env.*', '.git', '**/node_modules']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });

  it('installs every workspace package it builds: each package.json is copied before `pnpm install`', () => {
    const dockerfile = read('Dockerfile');
    const workspaces = read('pnpm-lock.yaml')
      .split('\n')
      .map((line) => /^ {2}((?:apps|packages)\/[\w-]+):$/.exec(line)?.[1])
      .filter((p): p is string => p !== undefined);
    expect(workspaces.length).toBeGreaterThan(8);
    for (const ws of workspaces) expect(dockerfile, ws).toContain(`COPY ${ws}/package.json ${ws}/`);
  });

  it('runs as the unprivileged node user', () => {
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
  });
});
