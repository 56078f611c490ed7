create schema if not exists platform;

create table platform.console_user (
  id            bigint generated always as identity primary key,
  username      text not null unique check (length(username) between 1 and 64),
  password_hash text not null,
  display_name  text not null,
  roles         text[] not null,
  venues        text[] not null default '{}',
  enabled       boolean not null default true,
  created_at    timestamptz not null default now()
);

create table platform.api_client (
  id          bigint generated always as identity primary key,
  name        text not null,
  channel     text,
  key_prefix  text not null unique,
  key_hash    text not null,
  scopes      text[] not null,
  venues      text[] not null default '{}',
  created_at  timestamptz not null default now(),
  revoked_at  timestamptz
);

create table platform.idempotency_key (
  caller       text not null,
  key          text not null,
  request_hash text not null,
  status       int,
  content_type text,
  location     text,
  body         bytea,
  created_at   timestamptz not null,
  primary key (caller, key)
);
create index idempotency_key_created on platform.idempotency_key (created_at);

create table platform.sign_in_code (
  identity   text primary key,
  code_hash  text not null,
  expires_at timestamptz not null,
  tries      int not null default 0
);

create table platform.outbound_message (
  id        bigint generated always as identity primary key,
  channel   text not null check (channel in ('SMS', 'EMAIL', 'WECHAT')),
  recipient text not null,
  body      text not null,
  sent_at   timestamptz not null
);

-- db-scheduler's table (durable jobs), as its PostgreSQL schema gives it
create table platform.scheduled_tasks (
  task_name            text not null,
  task_instance        text not null,
  task_data            bytea,
  execution_time       timestamptz not null,
  picked               boolean not null,
  picked_by            text,
  last_success         timestamptz,
  last_failure         timestamptz,
  consecutive_failures int,
  last_heartbeat       timestamptz,
  version              bigint not null,
  priority             smallint,
  primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on platform.scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on platform.scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on platform.scheduled_tasks (priority desc, execution_time asc);
