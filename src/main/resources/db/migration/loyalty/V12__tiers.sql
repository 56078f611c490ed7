-- Tiers (TIER-1): the ladder, and each member's current tier. Criteria, history, benefits follow.
create table loyalty.tier (
  code    text primary key check (code ~ '^[A-Z][A-Z0-9_]{0,29}$'),
  name_zh text not null,
  name_en text not null,
  rank    int not null unique check (rank >= 0)
);

create table loyalty.member_tier (
  member_id bigint primary key,
  tier_code text not null references loyalty.tier (code),
  since     timestamptz not null
);
