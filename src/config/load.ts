/** The CLI's way in: the config file found on disk, resolved with flags and environment. */
import type { SiteConfig } from '../model.ts';
import { readConfigFile } from './file.ts';
import { resolveConfig, type ConfigValues } from './resolve.ts';

export interface LoadConfigOptions {
  flags?: ConfigValues;
  env?: Readonly<Record<string, string | undefined>>;
  /** The working directory: where `feedbucket.config.json` is looked for and relative paths start. */
  cwd: string;
  /** `--config FILE`: must exist. Without it, `feedbucket.config.json` in `cwd` is used if present. */
  configPath?: string;
}

export interface LoadedConfig {
  config: SiteConfig;
  /** The config file read, as shown in messages; undefined when there was none. */
  file?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const file = await readConfigFile(options.cwd, options.configPath);
  const config = resolveConfig({
    ...(options.flags ? { flags: options.flags } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(file ? { file } : {}),
    cwd: options.cwd,
  });
  return file === undefined ? { config } : { config, file: file.path };
}
