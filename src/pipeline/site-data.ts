import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from '../posts/diagnostic.ts';
import { BlockError, type ParsedBlock } from '../posts/front-matter-block.ts';
import { parseTomlBlock } from '../posts/toml-block.ts';
import { parseYamlBlock } from '../posts/yaml-block.ts';
import type { Store } from '../stores/store.ts';

export interface SiteData {
  /** The file's top-level values; empty when there is no file or it cannot be read. */
  values: Readonly<Record<string, unknown>>;
  warnings: Diagnostic[];
}

/** Read with the front-matter engines, limits and messages included: a config file is YAML or TOML too. */
function parseSiteFile(key: string, text: string): unknown {
  if (key.endsWith('.json')) return JSON.parse(text) as unknown;
  const block: ParsedBlock = key.endsWith('.toml') ? parseTomlBlock(text) : parseYamlBlock(text);
  return Object.fromEntries(block.fields.map((field) => [field.name, field.value]));
}

/** The site file's values, for templates to print; a file that cannot be read only costs its values, with a warning. */
export async function readSiteData(source: Store, key: string | undefined): Promise<SiteData> {
  if (key === undefined) return { values: {}, warnings: [] };
  try {
    const bytes = await source.get(key);
    if (!bytes) return { values: {}, warnings: [] };
    const values = parseSiteFile(key, new TextDecoder().decode(bytes));
    return { values: typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : {}, warnings: [] };
  } catch (error) {
    const line = error instanceof BlockError ? error.line : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    return { values: {}, warnings: [postDiagnostic(key, line, `${reason}; posts that print its values get none`)] };
  }
}
