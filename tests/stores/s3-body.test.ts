/**
 * When a GET's body may be used: read whole, as long as announced, and equal to its ETag where
 * S3 makes the ETag an MD5 (single-part, not SSE-KMS or SSE-C). The wire cases are in
 * s3-request-faults.test.ts; these are the ETags the test server cannot give.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkedBody, type GetOutput } from '../../src/stores/s3-body.ts';

const BYTES = new TextEncoder().encode('---\ntitle: Hello\n---\nBody.\n');
const MD5 = createHash('md5').update(BYTES).digest('hex');
const OTHER_MD5 = createHash('md5').update('something else').digest('hex');

function output(fields: Partial<GetOutput>, bytes: Uint8Array | Error = BYTES): GetOutput {
  const Body = {
    transformToByteArray: async () => {
      if (bytes instanceof Error) throw bytes;
      return bytes;
    },
  } as unknown as GetOutput['Body'];
  return { $metadata: {}, Body, ContentLength: BYTES.byteLength, ...fields };
}

describe('checkedBody', () => {
  it('hands out a body whose length and MD5 are as announced (quoted ETag, any case)', async () => {
    expect(await checkedBody(output({ ETag: `"${MD5.toUpperCase()}"` }))).toEqual({ bytes: BYTES });
  });

  it('refuses a body shorter than its Content-Length', async () => {
    const short = BYTES.subarray(0, 10);
    expect(await checkedBody(output({ ETag: `"${MD5}"` }, short))).toEqual({
      problem: `its body was 10 of the ${BYTES.byteLength} bytes announced`,
    });
  });

  it('refuses a body whose MD5 is not its single-part ETag', async () => {
    expect(await checkedBody(output({ ETag: `"${OTHER_MD5}"` }))).toEqual({
      problem: `its body does not match its ETag (MD5 ${MD5}, ETag ${OTHER_MD5})`,
    });
  });

  it('refuses a body whose stream failed', async () => {
    expect(await checkedBody(output({}, Object.assign(new Error('aborted'), { name: 'Error' })))).toEqual({
      problem: 'its body did not arrive whole (Error: aborted)',
    });
  });

  it.each<[string, Partial<GetOutput>]>([
    ['a multipart upload (ETag ends in -<parts>)', { ETag: `"${OTHER_MD5}-3"` }],
    ['SSE-KMS', { ETag: `"${OTHER_MD5}"`, ServerSideEncryption: 'aws:kms' }],
    ['DSSE-KMS', { ETag: `"${OTHER_MD5}"`, ServerSideEncryption: 'aws:kms:dsse' }],
    ['SSE-C', { ETag: `"${OTHER_MD5}"`, SSECustomerAlgorithm: 'AES256' }],
    ['no ETag', {}],
    ['no Content-Length', { ContentLength: undefined, ETag: `"${MD5}"` }],
  ])('does not compare with an ETag that is no MD5 of the bytes: %s', async (_label, fields) => {
    expect(await checkedBody(output(fields))).toEqual({ bytes: BYTES });
  });

  it('still compares under SSE-S3, whose ETags are MD5s', async () => {
    expect(await checkedBody(output({ ETag: `"${OTHER_MD5}"`, ServerSideEncryption: 'AES256' }))).toHaveProperty('problem');
  });

  it('reads a response without a body as empty', async () => {
    expect(await checkedBody({ $metadata: {}, ContentLength: 0 })).toEqual({ bytes: new Uint8Array() });
  });
});
