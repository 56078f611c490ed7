-- Tier qualification (TIER-1): a member qualifies for a tier when any of its thresholds is met
-- over its window; a tier without thresholds is the entry tier. Downgrades wait for a review and
-- a grace period; an operator may override with a reason.
alter table loyalty.tier add column qualify_points bigint check (qualify_points >= 0);
alter table loyalty.tier add column qualify_spend_fen bigint check (qualify_spend_fen >= 0);
alter table loyalty.tier add column qualify_visits int check (qualify_visits >= 0);
alter table loyalty.tier add column window_kind text not null default 'ROLLING_DAYS'
  check (window_kind in ('ROLLING_DAYS', 'CALENDAR_YEAR'));
alter table loyalty.tier add column window_days int not null default 365 check (window_days > 0);
alter table loyalty.tier add column grace_days int not null default 30 check (grace_days >= 0);
alter table loyalty.tier add column advisors text[] not null default '{}';
alter table loyalty.tier add column next_advisor int not null default 0;

alter table loyalty.member_tier add column below_since timestamptz;
alter table loyalty.member_tier add column override_until timestamptz;
alter table loyalty.member_tier add column override_reason text;
alter table loyalty.member_tier add column overridden boolean not null default false;
alter table loyalty.member_tier add column advisor text;

create table loyalty.tier_history (
  member_id bigint not null,
  id        bigint generated always as identity,
  from_tier text,
  to_tier   text,
  cause     text not null check (cause in ('UPGRADE', 'DOWNGRADE', 'OVERRIDE', 'OVERRIDE_LIFTED')),
  reason    text,
  actor     text not null,
  at        timestamptz not null,
  primary key (member_id, id)
);

-- Benefits (TIER-2): a catalogue, a quota per tier per period, and a ledger of uses and refunds.
create table loyalty.benefit (
  code    text primary key check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  kind    text not null,
  name_zh text not null,
  name_en text not null,
  unit    text not null
);

create table loyalty.benefit_quota (
  tier_code    text not null references loyalty.tier (code) on delete cascade,
  benefit_code text not null references loyalty.benefit (code) on delete cascade,
  quota        int check (quota > 0),
  period       text not null check (period in ('MONTH', 'QUARTER', 'YEAR', 'LIFETIME')),
  primary key (tier_code, benefit_code)
);

create table loyalty.benefit_counter (
  member_id    bigint not null,
  benefit_code text not null,
  period_key   text not null,
  used         int not null check (used >= 0),
  primary key (member_id, benefit_code, period_key)
);

create table loyalty.benefit_use (
  member_id    bigint not null,
  id           bigint generated always as identity,
  benefit_code text not null,
  kind         text not null check (kind in ('USE', 'REFUND')),
  quantity     int not null check (quantity > 0),
  period_key   text not null,
  tier_code    text not null,
  external_id  text not null,
  original_id  bigint,
  venue        text,
  ref          text,
  actor        text not null,
  at           timestamptz not null,
  primary key (member_id, id),
  unique (member_id, kind, external_id)
);
create trigger benefit_use_append_only before update or delete on loyalty.benefit_use
  for each row execute function loyalty.refuse_change();
create index member_tier_advisor on loyalty.member_tier (advisor) where advisor is not null;
