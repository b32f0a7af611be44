/** A tag URI (RFC 4151): a stable, absolute id that no other site can mint. */
export function tagUri(siteUrl: string, day: string, specific: string): string {
  return `tag:${new URL(siteUrl).hostname},${day}:${encodeURIComponent(specific)}`;
}
