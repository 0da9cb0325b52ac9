import { sql, type Kysely } from 'kysely';

/**
 * One log of processings in the shape of Logius' Logboek Dataverwerkingen (trace and operation
 * ids, operation name, status, start and end, processing activity, data subject), with actor and
 * the security attributes (truncated client address, user-agent class, route pattern). The usage
 * history (R5) and the security log (R23) are views of it; `citizen_activity` moves into it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table processing_log (
      log_id uuid primary key,
      trace_id text not null,
      operation_id text not null,
      parent_operation_id text,
      operation_name text not null,
      status_code smallint not null,
      start_time timestamptz not null,
      end_time timestamptz not null,
      processing_activity_id text not null,
      data_subject_id uuid,
      actor_citizen_id uuid,
      login_id uuid,
      detail text,
      client_address text,
      user_agent_class text,
      route text
    )`.execute(db);
  await sql`create index processing_log_subject on processing_log (data_subject_id, start_time) where data_subject_id is not null`.execute(db);
  await sql`create index processing_log_activity_time on processing_log (processing_activity_id, start_time)`.execute(db);
  // The usage history so far: each entry becomes one record of the usage activity, same ids and times.
  await sql`
    insert into processing_log (log_id, trace_id, operation_id, operation_name, status_code, start_time, end_time,
                                processing_activity_id, data_subject_id, actor_citizen_id, login_id, detail)
    select activity_id, md5(activity_id::text), substr(md5(citizen_id::text || activity_id::text), 1, 16), action, 1, occurred_at, occurred_at,
           'urn:burgerportaal:verwerkingsactiviteit:gebruik', citizen_id, actor_citizen_id, login_id, detail
    from citizen_activity`.execute(db);
  await sql`drop table citizen_activity`.execute(db);
}
