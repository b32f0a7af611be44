import { createHash } from 'node:crypto';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';

export type GetOutput = Pick<GetObjectCommandOutput, 'Body' | 'ContentLength' | 'ETag' | 'ServerSideEncryption' | 'SSECustomerAlgorithm' | '$metadata'>;

const SINGLE_PART_ETAG = /^[0-9a-f]{32}$/;

/**
 * A GET's body read whole, or why it must not be used: the connection was lost or went silent
 * halfway, it is shorter or longer than the response announced, or its MD5 is not its ETag.
 */
export async function checkedBody(output: GetOutput): Promise<{ bytes: Uint8Array } | { problem: string }> {
  let bytes: Uint8Array;
  try {
    bytes = output.Body ? await output.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return { problem: `its body did not arrive whole (${name}: ${message})` };
  }
  const announced = output.ContentLength;
  if (announced !== undefined && bytes.byteLength !== announced) {
    return { problem: `its body was ${bytes.byteLength} of the ${announced} bytes announced` };
  }
  const etag = output.ETag?.replace(/^"|"$/g, '').toLowerCase() ?? '';
  // S3's ETag is the MD5 of the bytes for a single-part upload, except under SSE-KMS or SSE-C
  // (multipart ETags end in `-<parts>` and fail the pattern).
  const encrypted = output.SSECustomerAlgorithm !== undefined || output.ServerSideEncryption?.startsWith('aws:kms') === true;
  if (!SINGLE_PART_ETAG.test(etag) || encrypted) return { bytes };
  const md5 = createHash('md5').update(bytes).digest('hex');
  return md5 === etag ? { bytes } : { problem: `its body does not match its ETag (MD5 ${md5}, ETag ${etag})` };
}
