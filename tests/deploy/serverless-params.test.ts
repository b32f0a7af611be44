/**
 * The parameters are checked when the service is packaged (deploy/check-params.mjs), before
 * anything reaches AWS: every problem is reported at once, with the parameter and the fix, and
 * nothing is packaged. (Valid parameters package: serverless-template.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { packageService, removeTemps, tempDir } from './serverless-package.ts';

afterAll(removeTemps);

/** The check runs before packaging starts: an empty dist/lambda/ is never looked at. */
async function packageWith(params: Record<string, string>): Promise<string> {
  const args = Object.entries({ bucket: 'feedbucket-test-bucket', siteTitle: 'Test blog', ...params }).map(([key, value]) => `--param=${key}=${value}`);
  const failure = await packageService(await tempDir('empty-bundle'), args).then(
    () => undefined,
    (error: Error) => error.message,
  );
  expect(failure, 'packaging should have been refused').toBeDefined();
  return failure ?? '';
}

describe('serverless package refuses parameters the function could not use', () => {
  it('a siteUrl without a scheme, a prefix without its "/" and one with an IAM wildcard: all three named, with their fix', async () => {
    const output = await packageWith({ siteUrl: 'blog.example.com', postsPrefix: 'posts', outPrefix: 'public/*' });
    expect(output).toContain('feedbucket: invalid parameters:');
    expect(output).toContain('siteUrl "blog.example.com" is not an absolute URL; set --param="siteUrl=https://blog.example.com/"');
    expect(output).toContain('postsPrefix "posts" does not end in "/"; use "posts/"');
    expect(output).toMatch(/outPrefix "public\/\*" contains "\*", which IAM reads as a wildcard/);
  }, 120_000);

  it('an ftp:// siteUrl, prefixes that overlap and a reserved concurrency that is no number', async () => {
    const output = await packageWith({ siteUrl: 'ftp://blog.example.com/', postsPrefix: 'site/', outPrefix: 'site/feeds/', reservedConcurrency: 'one' });
    expect(output).toContain('reservedConcurrency "one" is not a whole number; leave it empty (no reservation) or give one such as 1');
    expect(output).toContain('siteUrl "ftp://blog.example.com/" uses ftp:, not http(s)');
    expect(output).toContain('postsPrefix "site/" and outPrefix "site/feeds/" overlap; keep them apart');
  }, 120_000);
});
