/**
 * `feedbucket build [options]` and `feedbucket links [options]`. `run` is the whole CLI as a
 * function of (argv, env, io) that returns the exit code; this module only touches `process` when
 * it is the program's entry point.
 *
 * Startup stays light: the build pipeline (markdown-it, feed, the AWS SDK) is imported only once
 * the build command runs, so `--help` and `--version` never load it.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { CONFIG_KEYS, CONFIG_KEY_NAMES, DEFAULT_CONFIG_FILE, type ConfigKey } from '../config/keys.ts';
import type { DiscoveryTerm } from '../feeds/discovery-links.ts';
import { isS3Location } from '../stores/s3-location.ts';
import { formatDiagnostics, formatSummary } from './format.ts';
import { EXIT, UsageError, describeError, exitCode, formatError, type Outcome } from './outcome.ts';
import { progressLine } from './progress.ts';
import { checkWritableOut } from './writable-out.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where `feedbucket.config.json` is looked for and relative paths start. */
  cwd: string;
  /** Set when stderr is a terminal: a build still running after `progressAfterMs` shows a progress line there. */
  terminal?: { progressAfterMs: number };
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The build command's options as commander parses them (config values stay strings; the schema coerces). */
export interface BuildOptions {
  config?: string;
  force?: boolean;
  dryRun?: boolean;
  allowShrink?: boolean;
  json?: boolean;
  siteUrl?: string;
  title?: string;
  description?: string;
  language?: string;
  author?: string;
  source?: string;
  out?: string;
  limit?: string;
  maxBytes?: string;
  generator?: string;
  permalink?: string;
  timezone?: string;
  exclude?: string;
  feeds?: string;
  shortcodes?: string;
  hub?: string;
}

/** The links command's options: the configuration keys its URLs and titles come from, and the term. */
export interface LinksOptions {
  config?: string;
  tag?: string;
  category?: string;
  siteUrl?: string;
  title?: string;
  feeds?: string;
}

/** Run the CLI with `argv` (without `node` and the script) and return the exit code. Never throws. */
export async function run(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  let outcome: (Outcome & BuildContext) | undefined;
  // Known before commander parses, so a command line it refuses still answers in JSON.
  let json = argv.includes('--json');
  const program = createProgram(io, {
    build: async (options) => {
      json = options.json === true;
      outcome = await build(options, env, io);
    },
    links: async (options) => {
      outcome = await printLinks(options, env, io);
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has already printed its own errors (and the help or version).
    outcome = { error };
  }
  if (outcome === undefined) return EXIT.built; // e.g. `feedbucket help`
  return report(outcome, json, env, io);
}

interface Actions {
  build(options: BuildOptions): Promise<void>;
  links(options: LinksOptions): Promise<void>;
}

const CONFIG_FILE_HELP = `JSON config file (default: ./${DEFAULT_CONFIG_FILE} if present)`;

/** The settings a feed's URLs and titles come from: all a `links` tag says. */
const LINKS_CONFIG_KEYS: readonly ConfigKey[] = ['siteUrl', 'title', 'feeds'];

function createProgram(io: CliIo, actions: Actions): Command {
  const program = new Command('feedbucket')
    .description(pkg.description)
    .version(pkg.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .exitOverride()
    .showHelpAfterError('(see feedbucket build --help)')
    .addHelpText('after', '\nRun `feedbucket build --help` for the build options, `feedbucket links --help` for the feed discovery tags.');

  const build = program
    .command('build', { isDefault: true })
    .description('build RSS 2.0, Atom 1.0 and JSON Feed 1.1 from the posts in --source into --out (the default command)')
    .allowExcessArguments(true)
    .option('--config <file>', CONFIG_FILE_HELP)
    .option('--force', 're-read and re-parse every post instead of trusting the manifest')
    .option('--dry-run', 'build everything, write nothing')
    .option('--allow-shrink', 'publish even if most posts or term feeds would go (a wrong --source looks the same); with no post left, unpublish every feed')
    .option('--json', 'print the build summary as JSON on stdout');
  addConfigOptions(build, CONFIG_KEY_NAMES);
  build.addHelpText(
    'after',
    [
      '',
      `Precedence: flag > environment variable > config file (${DEFAULT_CONFIG_FILE} or --config) > default.`,
      'Exit codes: 0 feeds built (even if some posts were skipped) or unpublished; 1 nothing could be built, or a feed',
      'failed its checks and was not written; 2 invalid command line or configuration.',
      'FEEDBUCKET_DEBUG=1 prints stack traces.',
    ].join('\n'),
  );
  build.action(async (options: BuildOptions, command: Command) => {
    const stray = command.args[0];
    if (stray !== undefined) {
      throw new UsageError(`unexpected argument "${stray}"; usage: feedbucket build [options] (see feedbucket build --help)`);
    }
    await actions.build(options);
  });

  const links = program
    .command('links')
    .description("print the <link rel=\"alternate\"> tags for the site's HTML <head> that let readers and browser extensions find the feeds")
    .option('--config <file>', CONFIG_FILE_HELP)
    .addOption(new Option('--tag <term>', 'the tag\'s feeds instead of the main ones, the tag as written in posts, e.g. "C++"').conflicts('category'))
    .addOption(new Option('--category <term>', 'the category\'s feeds instead of the main ones, as written in posts').conflicts('tag'));
  addConfigOptions(links, LINKS_CONFIG_KEYS);
  links.showHelpAfterError('(see feedbucket links --help)');
  links.addHelpText('after', `\nPrecedence: flag > environment variable > config file (${DEFAULT_CONFIG_FILE} or --config) > default, as for build.`);
  links.action((options: LinksOptions) => actions.links(options));
  return program;
}

function addConfigOptions(command: Command, keys: readonly ConfigKey[]): void {
  for (const key of keys) {
    const spec = CONFIG_KEYS[key];
    command.addOption(new Option(`${spec.flag} <${spec.arg}>`, `${spec.help} [env ${spec.env}]`));
  }
}

/** Flags, environment and the config file, resolved as every command resolves them. */
async function loadCliConfig(options: BuildOptions | LinksOptions, env: Env, io: CliIo) {
  // The configuration schema (zod/mini) is loaded only by a command that reads a configuration.
  const { loadConfig } = await import('../config/load.ts');
  return loadConfig({
    flags: options,
    env,
    cwd: io.cwd,
    ...(options.config !== undefined ? { configPath: options.config } : {}),
  });
}

/** What the summary says of where the settings came from. */
interface BuildContext {
  out?: string;
  configFile?: string;
}

async function build(options: BuildOptions, env: Env, io: CliIo): Promise<Outcome & BuildContext> {
  try {
    const { config, file } = await loadCliConfig(options, env, io);
    const dryRun = options.dryRun === true;
    if (!dryRun && !isS3Location(config.out)) await checkWritableOut(config.out);
    const { runBuild } = await import('../pipeline/build.ts');
    const progress = io.terminal && options.json !== true ? progressLine(io.stderr, io.terminal.progressAfterMs) : undefined;
    const summary = await runBuild({
      config,
      force: options.force === true,
      dryRun,
      allowShrink: options.allowShrink === true,
      manifestSalt: env.FEED_MANIFEST_SALT ?? '',
      ...(progress ? { onProgress: progress.update } : {}),
    }).finally(() => progress?.end());
    return { summary, out: config.out, ...(file === undefined ? {} : { configFile: file }) };
  } catch (error) {
    return { error };
  }
}

/** `feedbucket links`: the tags from the configuration alone; no post is read, so a term is taken as given. */
async function printLinks(options: LinksOptions, env: Env, io: CliIo): Promise<Outcome | undefined> {
  try {
    const term = linksTerm(options);
    const { config } = await loadCliConfig(options, env, io);
    const { discoveryLinks } = await import('../feeds/discovery-links.ts');
    io.stdout(`${discoveryLinks(config, term).join('\n')}\n`);
    return undefined;
  } catch (error) {
    return { error };
  }
}

function linksTerm({ tag, category }: LinksOptions): DiscoveryTerm | undefined {
  const [kind, flag, name] = tag !== undefined ? (['tags', '--tag', tag] as const) : category !== undefined ? (['categories', '--category', category] as const) : [];
  if (kind === undefined) return undefined;
  if (name.trim() === '') throw new UsageError(`${flag} is empty; give the term as written in posts, e.g. ${flag} "C++"`);
  return { kind, name: name.trim() };
}

function report(outcome: Outcome & BuildContext, json: boolean, env: Env, io: CliIo): number {
  const code = exitCode(outcome);
  if ('error' in outcome) {
    // Help and version end in a CommanderError too, and are no failure.
    if (json && code !== EXIT.built) io.stdout(`${JSON.stringify({ error: describeError(outcome.error).join('\n'), exitCode: code }, null, 2)}\n`);
    if (!(outcome.error instanceof CommanderError)) io.stderr(formatError(outcome.error, isDebug(env)));
    return code;
  }
  const { summary } = outcome;
  if (json) {
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    io.stderr(formatDiagnostics(summary));
  } else {
    io.stdout(
      formatSummary(summary, {
        configFile: outcome.configFile ?? null,
        ...(outcome.out === undefined ? {} : { out: showLocation(outcome.out, io.cwd) }),
      }),
    );
  }
  if (code !== EXIT.built) io.stderr(`feedbucket: ${summary.errors.length} document(s) failed their checks and were not written\n`);
  return code;
}

/** `public/` for `<cwd>/public`; S3 locations and directories outside cwd as they are. */
function showLocation(location: string, cwd: string): string {
  if (location.startsWith('s3://')) return location;
  const relative = path.relative(cwd, location);
  const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? location : relative;
  return shown.endsWith('/') ? shown : `${shown}/`;
}

function isDebug(env: Env): boolean {
  return env.FEEDBUCKET_DEBUG === '1' || env.FEEDBUCKET_DEBUG === 'true';
}

/** A build done sooner prints only its summary. */
const PROGRESS_AFTER_MS = 1000;

/** The CLI on the real process: arguments, environment, streams, exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error; // `feedbucket --json | head` is fine
  });
  process.exitCode = await run(argv, process.env, {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    ...(process.stderr.isTTY ? { terminal: { progressAfterMs: PROGRESS_AFTER_MS } } : {}),
  });
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(path.resolve(entry)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
