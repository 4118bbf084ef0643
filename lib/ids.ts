/** A UUID as PostgreSQL prints it (any case), as a pattern to compose into larger ones. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

/** Whether `value` is a UUID: checked before it reaches a `::uuid` cast, where anything else is a database error. */
export const isUuid = (value: string): boolean => UUID.test(value);
