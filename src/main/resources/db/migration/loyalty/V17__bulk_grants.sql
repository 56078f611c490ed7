-- Bulk grants (PTS-3): points to every member of a segment, run as a durable job in chunks that
-- each commit with their progress, so a restart resumes after the last committed chunk.
create table loyalty.bulk_grant (
  id          bigint generated always as identity primary key,
  segment     text not null,
  points      bigint not null check (points > 0),
  reason      text not null,
  expiry_kind text not null,
  expiry_n    int not null,
  external_id text not null unique,
  state       text not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
  granted     bigint not null default 0,
  last_member bigint not null default 0,
  failure     text,
  actor       text not null,
  created_at  timestamptz not null,
  started_at  timestamptz,
  finished_at timestamptz
);
