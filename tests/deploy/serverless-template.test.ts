/**
 * `serverless package` (osls, the open-source Serverless Framework v3 fork) runs offline, without
 * AWS credentials, and the CloudFormation template it generates is the deployment we mean:
 * runtime, architecture, handler, concurrency, schedule, S3 notifications, environment and the
 * exact IAM statements. Packaged twice: with only the required parameters (the defaults) and with
 * every parameter overridden (the plumbing). The zip must hold exactly the files of dist/lambda/
 * (no node_modules, no sources). How a run is set up: serverless-package.ts.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, packageService, removeTemps, type Json, type Packaged } from './serverless-package.ts';

const HANDLER = 'dist/lambda/index.handler';

/** Files under `dir`, as `dist/lambda/…` paths (the bundle's place in a service directory). */
async function bundlePaths(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => ['dist/lambda', ...relative(dir, join(entry.parentPath, entry.name)).split(sep)].join('/'))
    .sort();
}

function resourcesOfType(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Record<string, Json>).filter(([, resource]) => resource.Type === type);
}

function theFunction(template: Json): [string, Json] {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, resource]) => resource.Properties.Handler === HANDLER,
  );
  expect(functions).toHaveLength(1);
  return functions[0]!;
}

function roleStatements(template: Json, logicalId: string): Json[] {
  const role = template.Resources[logicalId];
  expect(role?.Type).toBe('AWS::IAM::Role');
  return role.Properties.Policies.flatMap((policy: Json) => policy.PolicyDocument.Statement);
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** Every Allow statement of every IAM role and policy in the template (ours and the framework's). */
function allowStatements(template: Json): Json[] {
  const statements: Json[] = [];
  for (const resource of Object.values(template.Resources as Record<string, Json>)) {
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties.Policies ?? []) statements.push(...policy.PolicyDocument.Statement);
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      statements.push(...resource.Properties.PolicyDocument.Statement);
    }
  }
  return statements.filter((statement) => statement.Effect === 'Allow');
}

/** The statements serverless.yml should produce for a bucket and its two prefixes, in order. */
function expectedS3Statements(bucket: string, posts: string, out: string): Json[] {
  return [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringLike: { 's3:prefix': [posts, `${posts}*`, out, `${out}*`] } },
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${bucket}/${posts}*`, `arn:aws:s3:::${bucket}/${out}.feedbucket/manifest.json`],
    },
    {
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: `arn:aws:s3:::${bucket}/${out}*`,
    },
  ];
}

function expectedBucketConfigs(posts: string): Json[] {
  return ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'].flatMap((event) =>
    ['.md', '.markdown'].map((suffix) => ({ Event: event, Rules: [{ Prefix: posts }, { Suffix: suffix }] })),
  );
}

const REQUIRED = ['--param=bucket=feedbucket-test-bucket', '--param=siteUrl=https://blog.example.com/', '--param=siteTitle=Test blog'];
const OVERRIDDEN = [
  '--param=bucket=other-bucket.example',
  '--param=siteUrl=https://other.example.org/notes/',
  '--param=siteTitle=Other: notes',
  '--param=postsPrefix=content/posts/',
  '--param=outPrefix=site/feeds/',
  '--param=scheduleRate=rate(1 hour)',
  '--param=siteDescription=Notes and links',
  '--param=siteLanguage=de',
  '--param=siteAuthor=Ada Lovelace',
  '--param=siteTimezone=Europe/Berlin',
  '--param=feedLimit=50',
  '--param=feedMaxBytes=1048576',
  '--param=permalink=/:year/:slug/',
  '--param=generator=jekyll',
  '--param=exclude=drafts/**,notes/**',
  '--param=feedPaths={"atom":{"main":"feed.xml"}}',
  '--param=shortcodes={"note":"<aside>{{inner}}</aside>"}',
  '--param=hub=https://pubsubhubbub.appspot.com/',
  '--param=browserView=off',
  '--param=archives=off',
  '--param=reservedConcurrency=2',
  '--stage=prod',
  '--region=eu-central-1',
];

let defaults: Packaged;
let overridden: Packaged;
let bundleFiles: string[];

beforeAll(async () => {
  const bundle = await buildBundle();
  bundleFiles = await bundlePaths(bundle);
  [defaults, overridden] = await Promise.all([packageService(bundle, REQUIRED), packageService(bundle, OVERRIDDEN)]);
}, 240_000);

afterAll(removeTemps);

describe('serverless package (offline, no AWS credentials)', () => {
  it('writes the template, the function zip and the custom resource zip', async () => {
    const files = (await readdir(defaults.dir)).sort();
    expect(files).toEqual(
      expect.arrayContaining(['cloudformation-template-update-stack.json', 'feedbucket.zip', 'custom-resources.zip']),
    );
  });

  it('resolves every serverless variable', () => {
    for (const { template } of [defaults, overridden]) {
      const text = JSON.stringify(template);
      expect(text).not.toMatch(/\$\{(param|opt|env|self|sls|file|aws|ssm|cf|s3):/);
    }
  });

  it('zips exactly the bundle: dist/lambda/** and nothing else', async () => {
    expect(bundleFiles).toContain('dist/lambda/index.mjs');
    const names = defaults.zipEntries.map((entry) => entry.name).filter((name) => !name.endsWith('/'));
    expect([...names].sort()).toEqual(bundleFiles);
    for (const entry of defaults.zipEntries) {
      expect(entry.size).toBe((await stat(join(defaults.service, entry.name))).size);
    }
  });
});

describe('the function', () => {
  it('runs the ESM bundle on nodejs22.x, arm64; concurrency reserved only when asked (a new account cannot reserve any)', () => {
    for (const { template } of [defaults, overridden]) {
      const [, fn] = theFunction(template);
      expect(fn.Properties.Handler).toBe(HANDLER);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      // sizing is revised from the benchmark: only sane bounds here (the build keeps 10 s in hand)
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(fn.Properties.MemorySize).toBeLessThanOrEqual(10_240);
      expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(30);
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(900);
    }
    expect(theFunction(defaults.template)[1].Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(theFunction(overridden.template)[1].Properties.ReservedConcurrentExecutions).toBe(2);
    expect(theFunction(defaults.template)[1].Properties.FunctionName).toBe('feedbucket-dev-build');
    expect(theFunction(overridden.template)[1].Properties.FunctionName).toBe('feedbucket-prod-build');
  });

  it('gets its configuration from the environment (the README configuration keys), defaults filled in; the manifest salt is the stack id', () => {
    expect(theFunction(defaults.template)[1].Properties.Environment.Variables).toEqual({
      SITE_URL: 'https://blog.example.com/',
      SITE_TITLE: 'Test blog',
      SITE_DESCRIPTION: '',
      SITE_LANGUAGE: 'en',
      SITE_AUTHOR: '',
      SITE_TIMEZONE: 'UTC',
      FEED_SOURCE: 's3://feedbucket-test-bucket/posts/',
      FEED_OUT: 's3://feedbucket-test-bucket/public/',
      FEED_LIMIT: '20',
      FEED_MAX_BYTES: '5242880',
      FEED_GENERATOR: 'auto',
      PERMALINK: '',
      FEED_EXCLUDE: '',
      FEED_PATHS: '',
      FEED_SHORTCODES: '',
      FEED_HUB: '',
      FEED_BROWSER_VIEW: 'on',
      FEED_ARCHIVES: 'on',
      FEED_MANIFEST_SALT: { Ref: 'AWS::StackId' },
    });
  });

  it('takes every parameter from --param', () => {
    expect(theFunction(overridden.template)[1].Properties.Environment.Variables).toEqual({
      SITE_URL: 'https://other.example.org/notes/',
      SITE_TITLE: 'Other: notes',
      SITE_DESCRIPTION: 'Notes and links',
      SITE_LANGUAGE: 'de',
      SITE_AUTHOR: 'Ada Lovelace',
      SITE_TIMEZONE: 'Europe/Berlin',
      FEED_SOURCE: 's3://other-bucket.example/content/posts/',
      FEED_OUT: 's3://other-bucket.example/site/feeds/',
      FEED_LIMIT: '50',
      FEED_MAX_BYTES: '1048576',
      FEED_GENERATOR: 'jekyll',
      PERMALINK: '/:year/:slug/',
      FEED_EXCLUDE: 'drafts/**,notes/**',
      FEED_PATHS: '{"atom":{"main":"feed.xml"}}',
      FEED_SHORTCODES: '{"note":"<aside>{{inner}}</aside>"}',
      FEED_HUB: 'https://pubsubhubbub.appspot.com/',
      FEED_BROWSER_VIEW: 'off',
      FEED_ARCHIVES: 'off',
      FEED_MANIFEST_SALT: { Ref: 'AWS::StackId' },
    });
  });
});

describe('events', () => {
  it('a schedule that delivers {"trigger": "schedule"}', () => {
    for (const [{ template }, rate] of [
      [defaults, 'rate(5 minutes)'],
      [overridden, 'rate(1 hour)'],
    ] as const) {
      const [fnId] = theFunction(template);
      const rules = resourcesOfType(template, 'AWS::Events::Rule');
      expect(rules).toHaveLength(1);
      const [ruleId, rule] = rules[0]!;
      expect(rule.Properties.ScheduleExpression).toBe(rate);
      expect(rule.Properties.State).toBe('ENABLED');
      expect(rule.Properties.Targets).toHaveLength(1);
      expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual({ trigger: 'schedule' });
      expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);
      expect(permissions).toContainEqual({
        FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      });
    }
  });

  it('S3 notifications on the existing bucket: created and removed, posts prefix, .md and .markdown', () => {
    for (const [{ template }, bucket, posts, stage] of [
      [defaults, 'feedbucket-test-bucket', 'posts/', 'dev'],
      [overridden, 'other-bucket.example', 'content/posts/', 'prod'],
    ] as const) {
      // `existing: true`: no AWS::S3::Bucket for it, a Custom::S3 resource sets its notifications
      const buckets = resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => id);
      expect(buckets).toEqual(['ServerlessDeploymentBucket']);
      const custom = resourcesOfType(template, 'Custom::S3');
      expect(custom).toHaveLength(1);
      const props = custom[0]![1].Properties;
      expect(props.BucketName).toBe(bucket);
      expect(props.FunctionName).toBe(`feedbucket-${stage}-build`);
      expect(props.BucketConfigs).toEqual(expectedBucketConfigs(posts));
    }
  });
});

describe('IAM', () => {
  it('the function role: CloudWatch Logs (the framework) and exactly our S3 statements', () => {
    for (const [{ template }, bucket, posts, out, stage] of [
      [defaults, 'feedbucket-test-bucket', 'posts/', 'public/', 'dev'],
      [overridden, 'other-bucket.example', 'content/posts/', 'site/feeds/', 'prod'],
    ] as const) {
      const [, fn] = theFunction(template);
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
      const statements = roleStatements(template, 'IamRoleLambdaExecution');
      const logs = statements.filter((s) => asList(s.Action).every((a) => String(a).startsWith('logs:')));
      const ours = statements.filter((s) => !logs.includes(s));
      expect(ours).toEqual(expectedS3Statements(bucket, posts, out));
      // the framework's log statements are scoped to this service's log groups
      expect(logs).toHaveLength(2);
      for (const statement of logs) {
        for (const resource of asList(statement.Resource)) {
          expect((resource as Json)['Fn::Sub']).toMatch(
            new RegExp(`^arn:\\$\\{AWS::Partition\\}:logs:\\$\\{AWS::Region\\}:\\$\\{AWS::AccountId\\}:log-group:/aws/lambda/feedbucket-${stage}\\*:`),
          );
        }
      }
    }
  });

  it('no Allow statement anywhere in the template has a "*" action or a "*" resource', () => {
    for (const { template } of [defaults, overridden]) {
      const statements = allowStatements(template);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of asList(statement.Action)) expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/i);
        for (const resource of asList(statement.Resource)) expect(resource).not.toBe('*');
        expect(statement.NotAction).toBeUndefined();
        expect(statement.NotResource).toBeUndefined();
      }
    }
  });

  it("the custom resource that sets the bucket's notifications: its own role, scoped to the bucket", () => {
    const { template } = defaults;
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, r]) => r.Properties.Handler !== HANDLER);
    expect(functions).toHaveLength(1);
    const [, custom] = functions[0]!;
    expect(custom.Properties.Handler).toBe('s3/handler.handler');
    expect(custom.Properties.Runtime).toBe('nodejs22.x');
    expect(custom.Properties.Role).toEqual({ 'Fn::GetAtt': ['IamRoleCustomResourcesLambdaExecution', 'Arn'] });
    const statements = roleStatements(template, 'IamRoleCustomResourcesLambdaExecution');
    const s3 = statements.filter((s) => asList(s.Action).some((a) => String(a).startsWith('s3:')));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Resource: { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 's3', '', '', 'feedbucket-test-bucket']] },
        Action: ['s3:PutBucketNotification', 's3:GetBucketNotification'],
      },
    ]);
    const lambda = statements.filter((s) => asList(s.Action).some((a) => String(a).startsWith('lambda:')));
    expect(lambda).toHaveLength(1);
    expect(lambda[0].Action).toEqual(['lambda:AddPermission', 'lambda:RemovePermission']);
  });
});
