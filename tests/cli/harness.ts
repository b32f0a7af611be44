import { run, type CliIo } from '../../src/cli/main.ts';

/** Runs the CLI in-process in `cwd`, capturing what it prints. */
export async function runCli(cwd: string, argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd };
  const code = await run(argv, env, io);
  return { code, stdout, stderr };
}
