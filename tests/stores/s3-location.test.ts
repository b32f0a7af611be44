import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { parseS3Location } from '../../src/stores/s3-location.ts';

describe('parseS3Location', () => {
  it.each([
    ['s3://bucket/posts/', 'bucket', 'posts/'],
    ['s3://bucket/posts', 'bucket', 'posts/'],
    ['s3://my.bucket-1/blog/posts///', 'my.bucket-1', 'blog/posts/'],
    ['s3://bucket/', 'bucket', ''],
    ['s3://bucket', 'bucket', ''],
    ['S3://bucket/ünï cødé/', 'bucket', 'ünï cødé/'],
  ])('%s → bucket %s, prefix %j', (location, bucket, prefix) => {
    expect(parseS3Location(location)).toEqual({ bucket, prefix });
  });

  it.each([
    ['s3://', /bucket "" is not a bucket name/],
    ['s3:bucket/posts', /expected s3:\/\/bucket\/prefix\//],
    ['s3:///posts', /bucket "" is not a bucket name/],
    ['s3://Bucket_Name/posts', /bucket "Bucket_Name" is not a bucket name/],
    ['s3://ab/posts', /is not a bucket name/],
    ['s3://a..b/posts', /is not a bucket name/],
    ['s3://bucket//posts', /invalid S3 prefix/],
    ['s3://bucket/a/../b/', /invalid S3 prefix/],
    ['s3://bucket/a/%2e%2e/b/', /invalid S3 prefix/],
    ['s3://bucket/a\\b/', /invalid S3 prefix/],
  ])('rejects %s', (location, message) => {
    expect(() => parseS3Location(location)).toThrow(ConfigError);
    expect(() => parseS3Location(location)).toThrow(message);
  });
});
