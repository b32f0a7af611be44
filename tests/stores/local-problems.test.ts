/**
 * What a local folder can hold that cannot be read: a symlink loop (anywhere, `.git/` included),
 * a file or a folder without read permission, a name that is no safe key. None of them stops
 * list(); each is an entry with a problem (a folder: one entry, `folder/`), and get() of a
 * file that cannot be read throws an UnreadableObject, for the build to skip that post alone.
 */
import { chmodSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../src/stores/local.ts';
import { UnreadableObject } from '../../src/stores/store.ts';
import { handToChild, restoreAccess, runUnprivileged } from './unprivileged.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'feedbucket-problems-'));
  dirs.push(dir);
  for (const [key, body] of Object.entries(files)) {
    await mkdir(join(dir, key, '..'), { recursive: true });
    await writeFile(join(dir, key), body);
  }
  return dir;
}

const problems = (entries: { key: string; problem?: string }[]) =>
  Object.fromEntries(entries.filter((entry) => entry.problem !== undefined).map((entry) => [entry.key, entry.problem]));

describe('local store: what cannot be read is reported, and stops nothing else', () => {
  it('symlink loops (a post, a chain, inside .git/, a folder linking to its parent): entries with a problem; get throws UnreadableObject', async () => {
    const dir = await folder({ 'good.md': 'fine', '.git/HEAD': 'ref: refs/heads/main' });
    await symlink('loop.md', join(dir, 'loop.md'));
    await symlink('b.md', join(dir, 'a.md'));
    await symlink('a.md', join(dir, 'b.md'));
    await symlink('x', join(dir, '.git', 'x'));
    await mkdir(join(dir, 'notes'));
    await symlink('..', join(dir, 'notes', 'up'));
    const store = createLocalStore(dir);

    const entries = await store.list();

    const loop = 'it could not be read (ELOOP: too many symbolic links encountered)';
    expect(problems(entries)).toEqual({ 'a.md': loop, 'b.md': loop, 'loop.md': loop, '.git/x': loop });
    expect(entries.filter((entry) => entry.problem === undefined).map((entry) => entry.key)).toEqual(['.git/HEAD', 'good.md']);
    for (const entry of entries.filter((e) => e.problem !== undefined)) expect(entry.etag).toBe('');

    const error = await store.get('loop.md').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableObject);
    expect((error as UnreadableObject).reason).toBe('ELOOP: too many symbolic links encountered');
    expect((error as UnreadableObject).message).toBe(`could not read ${dir}/loop.md: ELOOP: too many symbolic links encountered`);
  });

  it('a file named with a backslash is an entry with a problem, not silently missing', async () => {
    const dir = await folder({ 'ok.md': 'ok', 'posts/bad\\name.md': 'unreachable' });
    expect(problems(await createLocalStore(dir).list())).toEqual({
      'posts/bad\\name.md': 'its name is refused as unsafe (it contains a backslash); rename it',
    });
  });

  it('a file and a folder without read permission (chmod 000): list reports the folder, get of the file throws UnreadableObject', async () => {
    const dir = await folder({ 'good.md': 'fine', 'secret.md': 'locked', 'private/post.md': 'locked away', 'private/deeper/x.md': 'x' });
    handToChild(dir);
    chmodSync(join(dir, 'secret.md'), 0o000);
    chmodSync(join(dir, 'private'), 0o000);
    try {
      const script = `
        import { createLocalStore } from './src/stores/local.ts';
        const store = createLocalStore(process.env.DIR);
        const entries = await store.list();
        const read = await store.get('secret.md').then(() => 'read', (e) => ({ name: e.name, key: e.key, reason: e.reason, attempts: e.attempts }));
        console.log(JSON.stringify({ entries, read, good: new TextDecoder().decode(await store.get('good.md')) }));`;
      const child = await runUnprivileged(script, { env: { DIR: dir } });
      expect(child.stderr).toBe('');
      const { entries, read, good } = JSON.parse(child.stdout) as { entries: { key: string; problem?: string }[]; read: unknown; good: string };

      expect(entries.map((entry) => entry.key)).toEqual(['good.md', 'private/', 'secret.md']);
      expect(problems(entries)).toEqual({ 'private/': 'the folder could not be read (EACCES: permission denied); the posts in it are skipped' });
      expect(read).toEqual({ name: 'UnreadableObject', key: 'secret.md', reason: 'EACCES: permission denied', attempts: 1 });
      expect(good).toBe('fine');
    } finally {
      restoreAccess(join(dir, 'private'));
    }
  });
});
