-- Rewards (PTS-2): a catalogue with stock counted down by conditional updates, per-member limits
-- kept in counter rows, and the vouchers members redeem.
create table loyalty.reward (
  code             text primary key check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name_zh          text not null,
  name_en          text not null,
  description      text,
  points           bigint not null check (points > 0),
  stock            int check (stock >= 0),
  issued           int not null default 0 check (issued >= 0),
  per_member_limit int check (per_member_limit > 0),
  available_from   timestamptz,
  available_until  timestamptz,
  tiers            text[] not null default '{}',
  voucher_days     int not null default 30 check (voucher_days > 0),
  active           boolean not null default true
);

create table loyalty.reward_claims (
  member_id   bigint not null,
  reward_code text not null,
  claimed     int not null check (claimed >= 0),
  primary key (member_id, reward_code)
);

create table loyalty.redemption (
  member_id   bigint not null,
  id          bigint generated always as identity,
  reward_code text not null,
  points      bigint not null,
  voucher     text not null,
  external_id text not null,
  state       text not null check (state in ('ISSUED', 'USED')),
  expires_at  timestamptz not null,
  used_at     timestamptz,
  used_venue  text,
  actor       text not null,
  at          timestamptz not null,
  primary key (member_id, id),
  unique (member_id, external_id),
  unique (member_id, voucher)
);

-- Cash offset (抵扣现金): how points pay part of an order, and the points each order holds.
create table loyalty.offset_policy (
  id                int primary key check (id = 1),
  points_per_yuan   int not null check (points_per_yuan > 0),
  max_share_percent int not null check (max_share_percent between 1 and 100),
  min_points        bigint not null check (min_points >= 0),
  updated_at        timestamptz not null
);
insert into loyalty.offset_policy values (1, 100, 50, 100, now());

create table loyalty.cash_offset (
  member_id   bigint not null,
  order_id    text not null,
  points      bigint not null check (points > 0),
  offset_fen  bigint not null check (offset_fen > 0),
  amount_fen  bigint not null check (amount_fen > 0),
  state       text not null check (state in ('COMMITTED', 'RELEASED')),
  at          timestamptz not null,
  released_at timestamptz,
  primary key (member_id, order_id)
);
create index cash_offset_order on loyalty.cash_offset (order_id);
