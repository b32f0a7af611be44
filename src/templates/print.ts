import type { CallContext } from './call.ts';
import { lookupValue } from './values.ts';

/**
 * A Liquid print (`{{ site.baseurl }}`, `{{ "/img/a.png" | relative_url }}`) whose value we know:
 * the site's URL and values, the page's URL and title, string literals, and the filters that
 * only build URLs or join text. Anything else is undefined: it needs the site to run.
 */
export function printValue(expression: string, context: CallContext): string | undefined {
  const [head = '', ...filters] = splitFilters(expression);
  let value = valueOf(head.trim(), context);
  for (const filter of filters) {
    if (value === undefined) return undefined;
    value = applyFilter(filter.trim(), value, context);
  }
  return value;
}

/** `a | b: "x|y"` → `a`, `b: "x|y"`: pipes inside quotes do not split. */
function splitFilters(expression: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '|') {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}

const STRING = /^(["'])([\s\S]*)\1$/;

function valueOf(term: string, { site, page }: CallContext): string | undefined {
  const literal = STRING.exec(term);
  if (literal) return literal[2];
  const origin = new URL(site.siteUrl).origin;
  switch (term) {
    case 'site.url':
      return origin;
    case 'site.baseurl':
    case 'site.base_url':
      return basePath(site.siteUrl);
    case 'config.base_url':
    case 'site.BaseURL':
    case '.Site.BaseURL':
      return site.siteUrl.replace(/\/$/, '');
    // The site's own file says what its pages print; the feed's settings stand in without one.
    case 'site.title':
    case 'config.title':
      return dataValue(term, site.data, page.params) ?? site.title;
    case 'site.description':
    case 'config.description':
      return dataValue(term, site.data, page.params) ?? site.description;
    case 'site.author':
    case 'site.author.name':
      return dataValue(term, site.data, page.params) ?? site.author;
    case 'page.url':
      return page.url;
    case 'page.title':
      return page.title;
    default:
      return dataValue(term, site.data, page.params);
  }
}

/** `page.x` from the post's front matter; `site.x`, `.Site.Params.x` and Zola's `config.x` from the site's config file. */
function dataValue(term: string, data: Readonly<Record<string, unknown>>, params: Readonly<Record<string, unknown>>): string | undefined {
  const [head, ...path] = term.replace(/^\./, '').split('.');
  if (path.length === 0) return undefined;
  if (head === 'page') return lookupValue(params, path);
  return head === 'site' || head === 'Site' || head === 'config' ? lookupValue(data, path) : undefined;
}

/** Jekyll's `baseurl`: the site URL's path, without its trailing slash; '' at a domain's root. */
function basePath(siteUrl: string): string {
  return new URL(siteUrl).pathname.replace(/\/$/, '');
}

function applyFilter(filter: string, value: string, context: CallContext): string | undefined {
  const [, name = '', rawArgument = ''] = /^(\w+)\s*(?::\s*([\s\S]*))?$/.exec(filter) ?? [];
  const argument = STRING.exec(rawArgument.trim())?.[2];
  switch (name) {
    case 'relative_url':
      return /^[a-z][a-z\d+.-]*:/i.test(value) ? value : `${basePath(context.site.siteUrl)}/${value.replace(/^\//, '')}`;
    case 'absolute_url':
      return /^[a-z][a-z\d+.-]*:/i.test(value) ? value : new URL(value.replace(/^\//, ''), context.site.siteUrl).href;
    case 'prepend':
      return argument === undefined ? undefined : argument + value;
    case 'append':
      return argument === undefined ? undefined : value + argument;
    case 'strip':
      return value.trim();
    case 'escape':
    case 'xml_escape':
      // The value goes into Markdown, which escapes what HTML needs.
      return value;
    default:
      return undefined;
  }
}
