create schema if not exists member;

create table member.member (
  id           bigint generated always as identity primary key,
  name         text check (length(name) <= 100),
  birthday     date,
  gender       text check (gender in ('FEMALE', 'MALE', 'OTHER')),
  roles        text[] not null default '{MEMBER}',
  join_channel text,
  join_venue   text,
  status       text not null default 'ACTIVE' check (status in ('ACTIVE', 'MERGED', 'ERASED')),
  merged_into  bigint references member.member (id),
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  check ((status = 'MERGED') = (merged_into is not null))
);
create index member_name on member.member (lower(name) text_pattern_ops);
create index member_join_venue on member.member (join_venue);
create index member_birthday_month on member.member (extract(month from birthday));

-- Lookup table keyed by the identity itself (Citus: distributed by value, not by member_id):
-- each phone, e-mail, openid or external id belongs to at most one member.
create table member.identity (
  type      text not null check (type in ('PHONE', 'EMAIL', 'WECHAT_OPENID', 'WECHAT_UNIONID', 'EXTERNAL')),
  scope     text not null default '',
  value     text not null check (length(value) between 1 and 200),
  member_id bigint not null references member.member (id),
  added_at  timestamptz not null,
  primary key (type, scope, value)
);
create index identity_member on member.identity (member_id);

create table member.member_event (
  member_id bigint not null references member.member (id),
  id        bigint generated always as identity,
  at        timestamptz not null,
  kind      text not null,
  detail    jsonb not null default '{}',
  actor     text not null,
  primary key (member_id, id)
);

create table member.merge (
  id          bigint generated always as identity primary key,
  survivor_id bigint not null references member.member (id),
  merged_id   bigint not null unique references member.member (id),
  reason      text not null,
  actor       text not null,
  at          timestamptz not null,
  moved       jsonb not null
);

create table member.tag_group (
  id         bigint generated always as identity primary key,
  code       text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name       text not null check (length(name) between 1 and 60),
  created_at timestamptz not null
);

create table member.tag (
  id         bigint generated always as identity primary key,
  code       text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name       text not null check (length(name) between 1 and 60),
  group_id   bigint references member.tag_group (id),
  kind       text not null default 'MANUAL' check (kind in ('MANUAL', 'RULE', 'BEHAVIOUR')),
  created_at timestamptz not null
);

create table member.member_tag (
  member_id bigint not null references member.member (id),
  tag_id    bigint not null references member.tag (id),
  source    text not null check (source in ('MANUAL', 'RULE', 'BEHAVIOUR', 'IMPORT')),
  added_by  text not null,
  added_at  timestamptz not null,
  primary key (member_id, tag_id)
);
create index member_tag_by_tag on member.member_tag (tag_id, member_id);

create table member.consent (
  member_id  bigint not null references member.member (id),
  channel    text not null check (channel in ('SMS', 'EMAIL', 'WECHAT', 'PHONE_CALL', 'APP_PUSH', 'ANY')),
  purpose    text not null check (purpose in ('MARKETING', 'SERVICE', 'ANALYTICS', 'PROFILING', 'THIRD_PARTY')),
  granted    boolean not null,
  updated_at timestamptz not null,
  primary key (member_id, channel, purpose)
);

create table member.consent_history (
  member_id bigint not null references member.member (id),
  id        bigint generated always as identity,
  channel   text not null,
  purpose   text not null,
  granted   boolean not null,
  source    text,
  actor     text not null,
  at        timestamptz not null,
  primary key (member_id, id)
);
