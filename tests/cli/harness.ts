import { run, type CliIo } from '../../src/cli/main.ts';

/** Runs the CLI in-process in `cwd`, capturing what it prints; `terminal` as when stderr is a terminal. */
export async function runCli(cwd: string, argv: string[], env: Record<string, string> = {}, terminal?: CliIo['terminal']) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, ...(terminal ? { terminal } : {}) };
  const code = await run(argv, env, io);
  return { code, stdout, stderr };
}
