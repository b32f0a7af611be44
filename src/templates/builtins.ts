import { decodeHTML } from 'entities';
import { escapeXmlAttribute, escapeXmlText } from '../documents/xml-text.ts';
import { embedFromPlayer, embedOf, embedService, type EmbedService } from '../render/embeds.ts';
import { argument, type Arguments } from './arguments.ts';
import type { Call, CallContext, Handler, Output } from './call.ts';
import type { LinkKind } from './internal-links.ts';
import type { Family } from './scan.ts';
import { lookupValue } from './values.ts';

const html = (markup: string, text: string): Output => ({ kind: 'html', html: markup, text });
const markdown = (text: string): Output => ({ kind: 'markdown', text });
const UNKNOWN: Output = { kind: 'unknown' };

/** A URL placed in Markdown text, where it may stand in a link destination: no bare parentheses or spaces. */
export function urlAsMarkdown(url: string): string {
  return url.replace(/[()\s<>]/g, (char) => encodeURIComponent(char));
}

/**
 * Hugo's `ref` prints an absolute URL; Jekyll's `link` and `post_url` print the path (with the
 * base URL's), so `{{ site.url }}{% link x.md %}` builds the URL as on the site.
 */
function linkTo(kind: LinkKind, names: readonly string[], print: 'url' | 'path'): Handler {
  return (call, context) => {
    const target = argument(call.args, names, 0) ?? call.args.positional.join(' ');
    if (!target.trim()) return UNKNOWN;
    const url = new URL(context.link(kind, target, call.line));
    const onSite = url.origin === new URL(context.site.siteUrl).origin;
    return markdown(urlAsMarkdown(print === 'path' && onSite ? url.pathname + url.search + url.hash : url.href));
  };
}

/** `{% highlight ruby linenos %}`, `{{< highlight go "linenos=table" >}}`: code, for readers' own highlighting. */
const highlight: Handler = (call) => {
  const language = (argument(call.args, ['lang', 'language'], 0) ?? '').replace(/[^\w+#.-]/g, '');
  const code = (call.tag.body ?? call.inner ?? '').replace(/^[ \t]*\n/, '').replace(/\s+$/, '');
  const open = language ? `<pre><code class="language-${language}">` : '<pre><code>';
  return html(`${open}${escapeXmlText(code)}\n</code></pre>`, code);
};

const attribute = (name: string, value: string | undefined): string =>
  value === undefined || value === '' ? '' : ` ${name}="${escapeXmlAttribute(value)}"`;

/** Hugo's `figure`, and the image shortcodes and includes that sites write like it. */
const figure: Handler = (call, context) => {
  const args = call.args;
  const src = argument(args, ['src', 'image', 'image_path', 'path', 'url', 'file', 'img'], 0);
  if (!src) return UNKNOWN;
  const caption = argument(args, ['caption']);
  // As Hugo's figure: without an alt, the caption's text (`caption | markdownify | plainify`).
  const alt = argument(args, ['alt']) ?? (caption === undefined ? argument(args, ['title']) : textOf(context.markdown(caption, true))) ?? '';
  const image = `<img src="${escapeXmlAttribute(src)}" alt="${escapeXmlAttribute(alt)}"${attribute('width', argument(args, ['width']))}${attribute('height', argument(args, ['height']))}>`;
  const link = argument(args, ['link', 'href']);
  const linked = link ? `<a href="${escapeXmlAttribute(link)}">${image}</a>` : image;
  const title = argument(args, ['title']);
  // Hugo's `attr` and themes' `credits` are Markdown, as the caption is.
  const credit = argument(args, ['attr', 'credits', 'credit', 'attribution']);
  const creditLink = argument(args, ['attrlink']);
  const creditHtml = credit && (creditLink ? `<a href="${escapeXmlAttribute(creditLink)}">${context.markdown(credit, true)}</a>` : context.markdown(credit, true));
  const parts = [
    title ? `<h4>${escapeXmlText(title)}</h4>` : '',
    caption || creditHtml ? `<p>${[caption && context.markdown(caption, true), creditHtml].filter(Boolean).join(' ')}</p>` : '',
  ].join('');
  const text = [title, caption, credit].filter(Boolean).join(' ');
  if (!parts && !call.ownLine) return html(linked, text);
  return html(`<figure>${linked}${parts ? `<figcaption>${parts}</figcaption>` : ''}</figure>`, text);
};

/** The text of inline HTML we rendered ourselves (tags of our own making, no comments or CDATA). */
function textOf(inlineHtml: string): string {
  return decodeHTML(inlineHtml.replace(/<[^>]*>/g, ''));
}

function embed(service: EmbedService): Handler {
  return (call) => {
    const args = call.args;
    const named = (names: readonly string[]) => argument(args, names);
    // `{{< gist user id >}}` and `{{< tweet user id >}}` put the user first.
    const two = args.positional.length >= 2 && (service === 'gist' || service === 'x');
    const id = named(['id', 'src', 'video', 'tweet']) ?? args.positional[two ? 1 : 0];
    const user = named(['user', 'username']) ?? (two ? args.positional[0] : undefined);
    const url = named(['url', 'link']);
    const found = embedOf(service, { ...(id === undefined ? {} : { id }), ...(user === undefined ? {} : { user }), ...(url === undefined ? {} : { url }) }, named(['title']));
    if (!found) return UNKNOWN;
    const link = `<a href="${escapeXmlAttribute(found.url)}">${escapeXmlText(found.label)}</a>`;
    return html(link, found.label);
  };
}

/** Hugo's `details`: a disclosure, whose content is Markdown. */
const details: Handler = (call, context) => {
  const summary = argument(call.args, ['summary'], 0) ?? 'Details';
  const open = /^(?:true|open)$/i.test(argument(call.args, ['open']) ?? '') ? ' open' : '';
  const inner = call.inner === undefined ? '' : context.markdown(call.inner, false);
  // As Hugo does, the summary is Markdown too.
  const summaryHtml = context.markdown(summary, true);
  return html(`<details${open}><summary>${summaryHtml}</summary>${inner}</details>`, `${textOf(summaryHtml)} ${context.plain(call.inner ?? '')}`);
};

/** A site shortcode that prints the site URL (`{{< baseurl >}}/blog/x/`): no doubled slash after it. */
const siteUrl: Handler = (call, context) =>
  markdown(urlAsMarkdown(call.next === '/' ? context.site.siteUrl.replace(/\/$/, '') : context.site.siteUrl));

const removed: Handler = () => html('', '');

/** Hugo's `param`: the post's front-matter value, else the site's `params`; a dotted name reads inside. */
const param: Handler = (call, context) => {
  const name = argument(call.args, ['name'], 0);
  if (!name) return UNKNOWN;
  const path = name.split('.');
  const value = lookupValue(context.page.params, path) ?? lookupValue(context.site.data, ['params', ...path]);
  return value === undefined ? UNKNOWN : markdown(value);
};

const FIGURES = ['figure', 'fig', 'img', 'image', 'imgproc', 'picture', 'photo', 'resize_image'];
const SITE_URL_NAMES = ['baseurl', 'base_url', 'base-url', 'siteurl', 'site_url', 'site-url', 'absurl', 'homeurl'];
const EMBED_NAMES = ['youtube', 'vimeo', 'tweet', 'twitter', 'x', 'gist', 'instagram', 'streamable'];

/** Includes that themes use for what the built-ins render: `{% include figure image_path="…" %}`. */
const INCLUDABLE = new Set([...FIGURES, ...EMBED_NAMES]);

/** Liquid that needs the whole site to run: its tags go, the text between them stays. */
export const LIQUID_CONTROL = new Set([
  'if', 'unless', 'for', 'case', 'when', 'else', 'elsif', 'assign', 'capture', 'include', 'include_relative',
  'render', 'increment', 'decrement', 'cycle', 'break', 'continue', 'tablerow', 'liquid', 'echo', 'layout',
]);

type Registry = ReadonlyMap<string, { families: readonly Family[]; handler: Handler }>;

function registry(): Registry {
  const entries = new Map<string, { families: readonly Family[]; handler: Handler }>();
  const add = (names: readonly string[], families: readonly Family[], handler: Handler) => {
    for (const name of names) entries.set(name, { families, handler });
  };
  add(['ref', 'relref'], ['hugo'], linkTo('ref', ['path'], 'url'));
  add(['link'], ['liquid'], linkTo('link', [], 'path'));
  add(['post_url'], ['liquid'], linkTo('post_url', [], 'path'));
  add(['highlight'], ['hugo', 'liquid', 'tera'], highlight);
  add(['code'], ['tera'], highlight);
  add(FIGURES, ['hugo', 'liquid', 'tera'], figure);
  for (const name of EMBED_NAMES) {
    const service = embedService(name);
    if (service) add([name], ['hugo', 'liquid', 'tera'], embed(service));
  }
  add(['details'], ['hugo'], details);
  add(['param'], ['hugo'], param);
  add(['comment'], ['hugo', 'liquid'], removed);
  add(SITE_URL_NAMES, ['hugo', 'tera'], siteUrl);
  return entries;
}

export const BUILTINS: Registry = registry();

/** A service's name as a word of a shortcode's name: `youtube-80`, `lite_vimeo`; not `logistics`. */
const SERVICE_IN_NAME = new RegExp(`(?:^|[-_.])(${EMBED_NAMES.filter((name) => name.length > 1).join('|')})(?=$|[-_.\\d])`, 'i');

/**
 * For a shortcode the site defines and we do not know: a name that says which service it embeds
 * (`youtube-80`), or an argument holding a player's URL (`video(url="…/embed/…")`), still gives
 * the link; a single one that shows text (`glossary_tooltip text="kernel"`) leaves that text.
 */
export const guessed: Handler = (call, context) => {
  const service = embedService(SERVICE_IN_NAME.exec(call.tag.name)?.[1] ?? '');
  const fromName = service && embed(service)(call, context);
  if (fromName && fromName.kind === 'html') return fromName;
  for (const value of [...call.args.named.values(), ...call.args.positional]) {
    const player = embedFromPlayer(value, argument(call.args, ['title']));
    if (player) return html(`<a href="${escapeXmlAttribute(player.url)}">${escapeXmlText(player.label)}</a>`, player.label);
  }
  const text = call.inner === undefined ? argument(call.args, ['text', 'label']) : undefined;
  return text ? { kind: 'unknown', text } : UNKNOWN;
};

/** A built-in handler for a call, if there is one. A Liquid include is named by the file it includes. */
export function builtinFor(call: Call): Handler | undefined {
  let name = call.tag.name.toLowerCase();
  if (call.tag.family === 'liquid' && name === 'include') {
    const file = call.args.positional[0] ?? '';
    name = file.replace(/^.*\//, '').replace(/\.[^.]*$/, '').toLowerCase();
    const entry = INCLUDABLE.has(name) ? BUILTINS.get(name) : undefined;
    return entry && withoutFirstArgument(entry.handler);
  }
  const entry = BUILTINS.get(name);
  return entry?.families.includes(call.tag.family) ? entry.handler : undefined;
}

/** For `{% include youtube.html id="x" %}`: the include's file name is not an argument of the embed. */
function withoutFirstArgument(handler: Handler): Handler {
  return (call: Call, context: CallContext) => {
    const args: Arguments = { positional: call.args.positional.slice(1), named: call.args.named };
    return handler({ ...call, args }, context);
  };
}
