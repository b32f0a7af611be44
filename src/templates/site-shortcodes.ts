import { escapeXmlAttribute, escapeXmlText } from '../documents/xml-text.ts';
import type { Handler } from './call.ts';
import { SLOT } from './slots.ts';

/**
 * A site's own shortcode, from its HTML template (see ./slots.ts). `{{inner}}` follows the
 * generator: Hugo's `{{% %}}`, Liquid blocks and Zola bodies are Markdown; Hugo's `{{< >}}`
 * content is inserted as text, escaped.
 */
export function siteShortcode(template: string): Handler {
  return (call, context) => {
    const inner = call.inner ?? '';
    const html = template.replace(SLOT, (_whole, name: string, markdownify?: string) => {
      if (name === 'inner') {
        return markdownify || call.tag.markdownInner ? context.markdown(inner, false).trim() : escapeXmlText(context.plain(inner).trim());
      }
      const value = /^\d+$/.test(name) ? call.args.positional[Number(name)] : call.args.named.get(name);
      return value === undefined ? '' : escapeXmlAttribute(value);
    });
    return { kind: 'html', html, text: context.plain(inner) };
  };
}
