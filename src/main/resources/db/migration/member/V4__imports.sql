create table member.import_job (
  id             bigint generated always as identity primary key,
  file_name      text not null,
  content        bytea not null,
  status         text not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
  total_rows     int not null,
  processed_rows int not null default 0,
  created        int not null default 0,
  updated        int not null default 0,
  unchanged      int not null default 0,
  failed         int not null default 0,
  failure        text,
  created_by     text not null,
  created_at     timestamptz not null,
  started_at     timestamptz,
  finished_at    timestamptz
);

create table member.import_error (
  job_id bigint not null references member.import_job (id) on delete cascade,
  line   bigint not null,
  reason text not null,
  primary key (job_id, line)
);
