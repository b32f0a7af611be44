/**
 * A local osls plugin (serverless.yml `plugins`): checks the deployment's parameters when it is
 * packaged (`serverless package`, `serverless deploy`), before anything reaches AWS. A siteUrl the
 * function would refuse on every run, or a prefix that would widen its IAM statements or overlap
 * the other, stops the deployment with every problem and its fix. serverless.yml hands over the
 * resolved values in `custom.checkedParams`, so --param, stage and default values are all seen.
 */
export default class CheckParams {
  constructor(serverless) {
    const check = () => {
      const problems = paramProblems(serverless.service.custom?.checkedParams ?? {});
      if (problems.length > 0) {
        throw new serverless.classes.Error(`feedbucket: invalid parameters:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
      }
    };
    this.hooks = { 'before:package:initialize': check, 'before:deploy:function:initialize': check };
  }
}

/** What the function's configuration would refuse (src/config/schema.ts), in the same terms. */
function siteUrlProblem(value) {
  const fix = 'set --param="siteUrl=https://blog.example.com/"';
  if (typeof value !== 'string' || !URL.canParse(value.trim())) return `siteUrl ${JSON.stringify(value)} is not an absolute URL; ${fix}`;
  const url = new URL(value.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `siteUrl ${JSON.stringify(value)} uses ${url.protocol}, not http(s); ${fix}`;
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    return `siteUrl ${JSON.stringify(value)} has a query or fragment; use the bare site address such as https://blog.example.com/`;
  }
  return undefined;
}

/** Folder names, each ending in "/". IAM reads "*" and "?" in a resource or `s3:prefix` as wildcards. */
function prefixProblem(name, value) {
  const shown = JSON.stringify(value);
  if (typeof value !== 'string' || value === '') return `${name} ${shown} is empty; give a folder such as "posts/"`;
  const wildcard = /[*?]/.exec(value);
  if (wildcard) return `${name} ${shown} contains "${wildcard[0]}", which IAM reads as a wildcard (granting more than the prefix); remove it`;
  if (!value.endsWith('/')) return `${name} ${shown} does not end in "/"; use ${JSON.stringify(`${value}/`)}`;
  const segments = value.slice(0, -1).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'))) {
    return `${name} ${shown} is not folder names separated by single "/" (no leading "/", ".", ".." or "\\"); use one such as "posts/"`;
  }
  return undefined;
}

/** Empty (no reservation) or a whole number: CloudFormation would fail on anything else, after the upload. */
function concurrencyProblem(value) {
  if (value === '' || value === null || value === undefined || /^\d+$/.test(String(value))) return undefined;
  return `reservedConcurrency ${JSON.stringify(value)} is not a whole number; leave it empty (no reservation) or give one such as 1`;
}

function paramProblems({ siteUrl, postsPrefix, outPrefix, reservedConcurrency }) {
  const prefixes = [prefixProblem('postsPrefix', postsPrefix), prefixProblem('outPrefix', outPrefix)];
  const problems = [siteUrlProblem(siteUrl), ...prefixes, concurrencyProblem(reservedConcurrency)];
  // Posts under the out prefix would be served with the feeds, drafts included; feeds under the posts prefix listed with every post.
  if (prefixes.every((problem) => problem === undefined) && (postsPrefix.startsWith(outPrefix) || outPrefix.startsWith(postsPrefix))) {
    problems.push(`postsPrefix ${JSON.stringify(postsPrefix)} and outPrefix ${JSON.stringify(outPrefix)} overlap; keep them apart, such as "posts/" and "public/"`);
  }
  return problems.filter((problem) => problem !== undefined);
}
