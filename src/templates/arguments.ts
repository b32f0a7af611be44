/**
 * A call's arguments as the three template languages write them:
 * Hugo `src="a.png" caption='x' 42`, Liquid `ruby linenos` or `file.html id="x"`, and Tera's
 * `id="x", autoplay=true`. Values are text; quotes are removed, nothing else is interpreted.
 */
export interface Arguments {
  positional: string[];
  named: ReadonlyMap<string, string>;
}

const QUOTES = new Set(['"', "'", '`']);
const NAMED = /([A-Za-z_][\w.-]*)\s*=\s*/y;

export function parseArguments(text: string): Arguments {
  const positional: string[] = [];
  const named = new Map<string, string>();
  let i = 0;
  const skipSeparators = () => {
    while (i < text.length && /[\s,]/.test(text[i] ?? '')) i++;
  };
  const readValue = (): string => {
    const quote = text[i] ?? '';
    if (QUOTES.has(quote)) {
      let value = '';
      i++;
      while (i < text.length && text[i] !== quote) {
        // Go and Tera strings in double quotes take backslash escapes; raw backtick strings do not.
        if (text[i] === '\\' && quote === '"' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++;
      return value;
    }
    const start = i;
    while (i < text.length && !/[\s,]/.test(text[i] ?? '')) i++;
    return text.slice(start, i);
  };
  skipSeparators();
  while (i < text.length) {
    // A bare name followed by `=` (Hugo, Tera, a Liquid include) names the value after it.
    NAMED.lastIndex = i;
    const name = NAMED.exec(text);
    if (name?.[1] !== undefined) {
      i = NAMED.lastIndex;
      named.set(name[1], readValue());
    } else {
      positional.push(readValue());
    }
    skipSeparators();
  }
  return { positional, named };
}

/** The first named value present, else the positional one at `index`. */
export function argument(args: Arguments, names: readonly string[], index?: number): string | undefined {
  for (const name of names) {
    const value = args.named.get(name);
    if (value !== undefined) return value;
  }
  return index === undefined ? undefined : args.positional[index];
}
