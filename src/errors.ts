/** A configuration value is missing or invalid; the message names the key and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A store could not be read or written. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A key would reach outside its store's prefix. */
export class UnsafeKeyError extends StoreError {
  override name = 'UnsafeKeyError';
}

/** A generated document failed its well-formedness or schema check; it is not written. */
export class DocumentError extends Error {
  override name = 'DocumentError';
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
  }
}

/** The build produced nothing publishable; nothing was written. */
export class BuildError extends Error {
  override name = 'BuildError';
}
