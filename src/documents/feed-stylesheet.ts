/**
 * The page a person sees who opens an RSS or Atom feed in a browser. XSLT is leaving browsers, so
 * the feeds name this CSS (`<?xml-stylesheet type="text/css"?>`), which browsers apply to an XML
 * document served as `application/xml`: a banner saying what a feed is and how to subscribe, the
 * feed's title and description, and each item's title, date and link (and Atom's plain-text
 * summary). Everything else is hidden: CSS would show HTML bodies and RSS's escaped summaries as
 * markup.
 */
import type { OutputFile } from '../model.ts';
import { STYLESHEET_KEY } from '../feeds/feed-files.ts';

/** The Content-Type of RSS and Atom when they name the stylesheet: browsers style only XML served as XML. */
export const STYLED_XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

const CSS = `@namespace atom url(http://www.w3.org/2005/Atom);

rss, atom|feed {
  display: block;
  max-width: 46rem;
  margin: 0 auto;
  padding: 1.5rem 1rem 3rem;
  font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1b1b;
  background: #fff;
}
rss *, atom|feed * { display: none; }

channel::before, atom|feed::before {
  display: block;
  margin-bottom: 1.5rem;
  padding: 0.9rem 1rem;
  border-radius: 0.5rem;
  background: #fff4d6;
  border: 1px solid #e0b84c;
  content: "This is a web feed. Copy this page's address into your feed reader (Feedly, Inoreader, NetNewsWire, Thunderbird, Miniflux…) to subscribe and get new posts as they come out.";
}

/* As specific as the rule that hides everything, and later: these win. */
rss > channel, channel > item, atom|feed > atom|entry { display: block; }
channel > title, atom|feed > atom|title {
  display: block;
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.2;
}
channel > description, atom|feed > atom|subtitle {
  display: block;
  margin: 0.4rem 0 1.5rem;
  color: #4a4a4a;
}
channel > item, atom|feed > atom|entry {
  margin: 0 0 1.25rem;
  padding: 1rem 0 0;
  border-top: 1px solid #ddd;
}
item > title, atom|entry > atom|title {
  display: block;
  font-size: 1.25rem;
  font-weight: 600;
}
item > pubDate, atom|entry > atom|published {
  display: block;
  font-size: 0.9rem;
  color: #555;
}
item > link {
  display: block;
  font-size: 0.9rem;
  color: #0645ad;
  word-break: break-all;
}
atom|entry > atom|link[rel="alternate"] { display: block; }
atom|entry > atom|link[rel="alternate"]::after {
  content: attr(href);
  font-size: 0.9rem;
  color: #0645ad;
  word-break: break-all;
}
atom|entry > atom|summary {
  display: block;
  margin-top: 0.4rem;
}
@media (prefers-color-scheme: dark) {
  rss, atom|feed { color: #eee; background: #161616; }
  channel::before, atom|feed::before { background: #3a3016; border-color: #8a6d1f; }
  channel > description, atom|feed > atom|subtitle, item > pubDate, atom|entry > atom|published { color: #bbb; }
  item > link, atom|entry > atom|link[rel="alternate"]::after { color: #8ab4f8; }
}
`;

/** The stylesheet as the build writes it, beside the main feeds. */
export function feedStylesheet(): OutputFile {
  return { key: STYLESHEET_KEY, kind: 'page', contentType: 'text/css; charset=utf-8', body: [CSS] };
}
