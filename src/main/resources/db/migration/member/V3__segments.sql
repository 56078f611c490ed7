create table member.segment (
  id          bigint generated always as identity primary key,
  code        text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name        text not null check (length(name) between 1 and 60),
  definition  jsonb not null,
  tag_id      bigint unique references member.tag (id),
  created_by  text not null,
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  synced_at   timestamptz,
  last_count  bigint
);

create index member_created_at on member.member (created_at);
create index member_roles on member.member using gin (roles);
create index consent_granted on member.consent (purpose, channel, member_id) where granted;
create index identity_type_member on member.identity (type, member_id);
