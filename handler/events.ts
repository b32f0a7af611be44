import * as z from 'zod/mini';

/** What an incoming event asks for, before it is checked against the configured locations. */
export type Trigger =
  | { kind: 'schedule' }
  | { kind: 's3'; objects: { bucket: string; key: string }[] }
  | { kind: 'manual'; rebuild: boolean; dryRun: boolean; allowShrink: boolean };

const scheduledEvent = z.object({ 'detail-type': z.literal('Scheduled Event') });
const scheduleInput = z.strictObject({ trigger: z.literal('schedule') });
const s3Notification = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:s3'),
        s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
      }),
    )
    .check(z.minLength(1)),
});
const manualInvocation = z
  .strictObject({ rebuild: z.optional(z.boolean()), dryRun: z.optional(z.boolean()), allowShrink: z.optional(z.boolean()) })
  .check(z.refine((event) => event.rebuild === true || event.dryRun === true || event.allowShrink === true));

/** S3 event keys are form-encoded: `+` is a space. */
function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

const ACCEPTED =
  'expected an EventBridge "Scheduled Event", {"trigger": "schedule"}, an S3 notification, {"rebuild": true}, {"dryRun": true} ' +
  'or {"allowShrink": true} (the last three may be combined)';

/** Classifies a Lambda event, or says why it is not one this function handles. */
export function classifyEvent(event: unknown): Trigger | { error: string } {
  if (scheduledEvent.safeParse(event).success || scheduleInput.safeParse(event).success) return { kind: 'schedule' };
  const s3 = s3Notification.safeParse(event);
  if (s3.success) {
    try {
      return {
        kind: 's3',
        objects: s3.data.Records.map((record) => ({ bucket: record.s3.bucket.name, key: decodeS3Key(record.s3.object.key) })),
      };
    } catch {
      return { error: 'an S3 notification with a malformed object key' };
    }
  }
  const manual = manualInvocation.safeParse(event);
  if (manual.success) {
    const { rebuild, dryRun, allowShrink } = manual.data;
    return { kind: 'manual', rebuild: rebuild === true, dryRun: dryRun === true, allowShrink: allowShrink === true };
  }
  return { error: `unrecognised event ${preview(event)}; ${ACCEPTED}` };
}

const PREVIEW_CHARS = 200;

/** The start of an event as JSON, for the error; an event too deep to serialise is said to be so, not thrown. */
function preview(event: unknown): string {
  try {
    return String(JSON.stringify(event)).slice(0, PREVIEW_CHARS);
  } catch (error) {
    return `(not shown: ${error instanceof RangeError ? 'nested too deeply' : 'not serialisable'})`;
  }
}
