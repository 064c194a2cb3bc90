import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './redirect.ts';

describe('safeNextPath', () => {
  it('returns to a path of this app with its params', () => {
    expect(safeNextPath('/accounts/123?date=2026-11-01')).toBe('/accounts/123?date=2026-11-01');
  });

  it('never leaves the site', () => {
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });

  it('does not loop back to the login page', () => {
    expect(safeNextPath('/login?next=/')).toBe('/');
  });
});

describe('loginPathFor', () => {
  it('remembers where the user was', () => {
    expect(loginPathFor('/reviews/weekly', '?week=2026-W47')).toBe('/login?next=%2Freviews%2Fweekly%3Fweek%3D2026-W47');
  });

  it('keeps the plain /login for the home page', () => {
    expect(loginPathFor('/', '')).toBe('/login');
  });
});
