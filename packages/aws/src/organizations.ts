import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { toCollectorError } from './errors.ts';
import { collectorPages } from './paging.ts';

// Answers that mean "this caller cannot see the organisation", as opposed to bad credentials or an outage.
const NO_ORGANIZATION_VIEW: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'AWSOrganizationsNotInUseException',
]);

export interface OrgAccount {
  id: string;
  name: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ... (Organizations' State, else its older Status). */
  status: string;
}

export interface ListAccountsInput {
  client: OrganizationsClient;
  region: string;
  maxPages?: number;
}

/**
 * Every account of the organisation, or null when the caller may not list them (not the management or a
 * delegated administrator account, or no organisation at all): names are a nicety, so the caller falls back to
 * account ids. Any other failure surfaces.
 */
export async function listAccounts(input: ListAccountsInput): Promise<OrgAccount[] | null> {
  const pages = paginateListAccounts({ client: input.client }, {});
  const accounts: OrgAccount[] = [];
  try {
    for await (const page of collectorPages(pages, { operation: 'ListAccounts', region: input.region }, input.maxPages)) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id) continue;
        accounts.push({ id: account.Id, name: account.Name ?? account.Id, status: account.State ?? account.Status ?? 'UNKNOWN' });
      }
    }
  } catch (err) {
    const mapped = toCollectorError(err, { operation: 'ListAccounts', region: input.region });
    if (NO_ORGANIZATION_VIEW.has(mapped.code)) return null;
    throw mapped;
  }
  return accounts;
}
