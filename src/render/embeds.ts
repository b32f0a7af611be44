/**
 * Embedded media as readers keep it: they strip iframes and scripts, so an embed becomes a link
 * to the service's own page, named after the service.
 */
export interface Embed {
  /** The service's page for the item, absolute. */
  url: string;
  /** Link text: `YouTube video`, or `YouTube video: <title>` when the author gave one. */
  label: string;
}

export type EmbedService = 'youtube' | 'vimeo' | 'x' | 'gist' | 'instagram' | 'streamable';

const LABELS: Readonly<Record<EmbedService, string>> = {
  youtube: 'YouTube video',
  vimeo: 'Vimeo video',
  x: 'Post on X',
  gist: 'GitHub Gist',
  instagram: 'Instagram post',
  streamable: 'Streamable video',
};

/** Shortcode, Liquid tag and include names (lower-cased) that embed each service. */
const NAMES: Readonly<Record<string, EmbedService>> = {
  youtube: 'youtube',
  youtu: 'youtube',
  vimeo: 'vimeo',
  tweet: 'x',
  twitter: 'x',
  x: 'x',
  gist: 'gist',
  instagram: 'instagram',
  streamable: 'streamable',
};

export function embedService(name: string): EmbedService | undefined {
  return Object.hasOwn(NAMES, name.toLowerCase()) ? NAMES[name.toLowerCase()] : undefined;
}

const SAFE_ID = /^[\w.-]+$/;

/** What the author wrote (an id, or the item's URL) → the service page, or undefined when it is neither. */
export function embedOf(service: EmbedService, ref: { id?: string; user?: string; url?: string }, title?: string): Embed | undefined {
  const label = title?.trim() ? `${LABELS[service]}: ${title.trim()}` : LABELS[service];
  const given = ref.url ?? (ref.id && /^https?:\/\//i.test(ref.id) ? ref.id : undefined);
  if (given !== undefined) return /^https?:\/\//i.test(given) ? { url: new URL(given).href, label } : undefined;
  const id = ref.id?.trim();
  if (!id) return undefined;
  const user = ref.user?.trim().replace(/^@/, '');
  if (service === 'gist') {
    // `{% gist user/id %}`, `{{< gist user id >}}` and a bare id all name one gist.
    const path = id.includes('/') ? id : user ? `${user}/${id}` : id;
    return path.split('/').every((part) => SAFE_ID.test(part)) ? { url: `https://gist.github.com/${path}`, label } : undefined;
  }
  if (!SAFE_ID.test(id) || (user !== undefined && user !== '' && !SAFE_ID.test(user))) return undefined;
  switch (service) {
    case 'youtube':
      return { url: `https://www.youtube.com/watch?v=${id}`, label };
    case 'vimeo':
      return { url: `https://vimeo.com/${id}`, label };
    case 'x':
      return { url: `https://x.com/${user || 'i'}/status/${id}`, label };
    case 'instagram':
      return { url: `https://www.instagram.com/p/${id}/`, label };
    case 'streamable':
      return { url: `https://streamable.com/${id}`, label };
  }
}

/** Player URLs of the video hosts whose iframes become links, with the page each one plays. */
const PLAYERS: readonly { host: RegExp; path: RegExp; service: EmbedService }[] = [
  { host: /^(?:www\.)?youtube(?:-nocookie)?\.com$/, path: /^\/embed\/([\w-]+)/, service: 'youtube' },
  { host: /^player\.vimeo\.com$/, path: /^\/video\/(\d+)/, service: 'vimeo' },
  { host: /^(?:www\.)?streamable\.com$/, path: /^\/[eo]\/(\w+)/, service: 'streamable' },
];

/** An iframe's `src` on a known video host → the video's page; undefined for any other iframe. */
export function embedFromPlayer(src: string, title?: string): Embed | undefined {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  for (const player of PLAYERS) {
    const id = player.host.test(url.hostname) ? player.path.exec(url.pathname)?.[1] : undefined;
    if (id !== undefined) return embedOf(player.service, { id }, title);
  }
  return undefined;
}
