export type Migration = {
  /** `yyyyMMddHHmmss_name`: the prefix orders migrations, the whole id is recorded once applied. */
  id: string;
  sql: string;
};
