/**
 * The slots of a site's shortcode template (the `shortcodes` setting): `{{name}}` a named
 * argument, `{{0}}` a positional one, `{{inner}}` a paired call's content, and
 * `{{inner | markdownify}}` that content rendered as Markdown.
 */
export const SLOT = /\{\{\s*([A-Za-z_][\w.-]*|\d+)\s*(\|\s*markdownify\s*)?\}\}/g;
const WHOLE_SLOT = new RegExp(`^${SLOT.source}$`);
const ANY_BRACES = /\{\{[\s\S]*?\}\}/g;

/** Why a template cannot be used, or undefined when it can. */
export function templateProblem(template: string): string | undefined {
  for (const braces of template.matchAll(ANY_BRACES)) {
    if (!WHOLE_SLOT.test(braces[0])) {
      return `has ${braces[0]}, which is not a slot; write {{inner}}, {{inner | markdownify}}, {{name}} for a named argument or {{0}} for the first positional one`;
    }
  }
  return undefined;
}
