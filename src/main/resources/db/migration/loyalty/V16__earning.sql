-- Earning rules (PTS-1) and member days (PTS-4): catalogue rows, definitions as JSON documents
-- validated by the application; read through a cache.
create table loyalty.earning_rule (
  code       text primary key,
  definition jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null
);

create table loyalty.member_day (
  code       text primary key,
  definition jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null
);

-- Purchases that earned points, once per order per member; refunds add up in `refunded`.
create table loyalty.purchase (
  member_id bigint not null,
  id        bigint generated always as identity,
  order_id  text not null,
  amount    bigint not null check (amount >= 0),
  refunded  bigint not null default 0,
  channel   text,
  venue     text,
  at        timestamptz not null,
  primary key (member_id, id),
  unique (member_id, order_id),
  check (refunded >= 0 and refunded <= amount)
);

-- What each purchase awarded (an entry or a pending earning each), and how much was reversed.
create table loyalty.purchase_award (
  member_id   bigint not null,
  purchase_id bigint not null,
  external_id text not null,
  rule_code   text not null,
  points      bigint not null check (points > 0),
  reversed    bigint not null default 0 check (reversed >= 0 and reversed <= points),
  primary key (member_id, purchase_id, external_id),
  foreign key (member_id, purchase_id) references loyalty.purchase (member_id, id)
);

-- Points a rule gave a member per period ('D:2026-11-25', 'W:2026-W48', 'M:2026-11', 'L'):
-- caps are enforced on these rows under their row lock.
create table loyalty.rule_usage (
  member_id bigint not null,
  rule_code text not null,
  period    text not null,
  points    bigint not null check (points >= 0),
  primary key (member_id, rule_code, period)
);

-- A referral, awarded to the referrer when the referred member's first purchase completes.
create table loyalty.referral (
  member_id   bigint primary key,
  referrer_id bigint not null,
  at          timestamptz not null,
  awarded_at  timestamptz
);

-- Daily sign-ins and the streak they make, one per member per local day.
create table loyalty.sign_in (
  member_id bigint not null,
  day       date not null,
  streak    int not null check (streak > 0),
  primary key (member_id, day)
);

-- Engagement events that earned (or not), once per member per external id, with their awards.
create table loyalty.engagement (
  member_id   bigint not null,
  external_id text not null,
  kind        text not null,
  awards      jsonb not null,
  at          timestamptz not null,
  primary key (member_id, external_id)
);

-- Refunds of purchases, once per member per external id.
create table loyalty.purchase_refund (
  member_id   bigint not null,
  external_id text not null,
  purchase_id bigint not null,
  amount      bigint not null check (amount > 0),
  at          timestamptz not null,
  primary key (member_id, external_id),
  foreign key (member_id, purchase_id) references loyalty.purchase (member_id, id)
);
