import { PlanTrackerError } from "../errors";

/**
 * Where Plan Tracker fetches (or, for Teams' file consent flow, puts) a file that Teams
 * gave it a URL for: only https, only on SharePoint or OneDrive, where Teams keeps the files
 * people share with a bot. A URL arrives in an activity or in a button's data, which are
 * untrusted: anything else is refused before a request is made.
 */
const TEAMS_FILE_HOSTS: readonly RegExp[] = [
  /^[a-z0-9-]+(?:-my)?\.sharepoint\.com$/, // a tenant's SharePoint, and its OneDrive for Business (<tenant>-my)
  /^[a-z0-9-]+(?:-my)?\.sharepoint\.us$/, // the same in US Government clouds
  /^onedrive\.live\.com$/,
  /^[a-z0-9-]+\.onedrive\.live\.com$/,
  /^[a-z0-9-]+\.1drv\.com$/, // OneDrive (consumer) download hosts
];

export interface FileUrlPolicy {
  /**
   * Exact origins allowed besides SharePoint and OneDrive ("http://127.0.0.1:5123"): set only
   * in code, by tests that serve a file on loopback. Never read from the environment.
   */
  extraOrigins?: readonly string[];
}

/** The URL, checked: https on a SharePoint or OneDrive host (or an origin the policy names). Throws "forbidden" otherwise. */
export function checkFileUrl(text: string, policy: FileUrlPolicy = {}): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlanTrackerError("forbidden", "the file's address is not a URL; nothing was downloaded");
  }
  if (policy.extraOrigins?.includes(url.origin)) return url;
  if (url.protocol !== "https:") throw new PlanTrackerError("forbidden", `the file's address is not https (${url.protocol.replace(":", "")}); nothing was downloaded`);
  if (url.username || url.password || url.port !== "") throw new PlanTrackerError("forbidden", "the file's address carries a user name, password or port; nothing was downloaded");
  if (!TEAMS_FILE_HOSTS.some((host) => host.test(url.hostname))) {
    throw new PlanTrackerError("forbidden", `the file is on ${url.hostname}, which is not SharePoint or OneDrive; nothing was downloaded`);
  }
  return url;
}
