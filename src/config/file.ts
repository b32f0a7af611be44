/** Finding, reading and parsing the JSON config file, with errors that name the file and the line. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.ts';
import { DEFAULT_CONFIG_FILE } from './keys.ts';
import type { ConfigFileLayer } from './resolve.ts';

/** Read and parse the config file; `undefined` when no `--config` was given and there is no default file. */
export async function readConfigFile(cwd: string, configPath?: string): Promise<ConfigFileLayer | undefined> {
  const explicit = configPath !== undefined;
  const absolute = path.resolve(cwd, configPath ?? DEFAULT_CONFIG_FILE);
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    if (code === 'ENOENT') throw new ConfigError(`config file ${shown} not found; check the path given to --config`, { cause: error });
    if (code === 'EISDIR') throw new ConfigError(`config file ${shown} is a directory; give --config a JSON file`, { cause: error });
    throw new ConfigError(`config file ${shown} cannot be read (${code ?? String(error)})`, { cause: error });
  }
  return { path: shown, values: parseJsonFile(shown, text), dir: path.dirname(absolute) };
}

/** `JSON.parse` with an error that names the file and the line. */
export function parseJsonFile(shown: string, text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An error at the end of the text belongs to its last non-blank line.
    const line = lineOf(body, Math.min(jsonErrorOffset(body, message), body.trimEnd().length));
    const reason = message
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    throw new ConfigError(
      `${shown}:${line}: invalid JSON (${reason}); fix the syntax (double quotes, no trailing commas, no comments)`,
      { cause: error },
    );
  }
}

function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/end of JSON input/i.test(message)) return text.trimEnd().length;
  // V8 leaves the position out of some messages ("Unexpected token 'x', ... is not valid JSON"):
  // find the longest prefix that is still the start of a JSON text.
  const viable = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (e) {
      // Running out of text is reported as "end of JSON input" or as an error at the very end.
      const m = e instanceof Error ? e.message : '';
      const at = /at position (\d+)/.exec(m);
      return /end of JSON input/i.test(m) || (at !== null && Number(at[1]) >= n);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (viable(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text[i] === '\n') line++;
  return line;
}
