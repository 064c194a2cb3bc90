// Identity and audit: users, sessions, API tokens and the audit log, shared by the API and the CLI.
export * from './principal.ts';
export * from './passwords.ts';
export * from './secrets.ts';
export * from './audit.ts';
export * from './identity.ts';
