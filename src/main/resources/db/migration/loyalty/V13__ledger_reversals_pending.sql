-- Reversals and operator adjustments are entries too; a correction links the entry it corrects.
alter table loyalty.points_entry drop constraint points_entry_kind_check;
alter table loyalty.points_entry add constraint points_entry_kind_check check (kind in
  ('EARN', 'SPEND', 'EXPIRE', 'REVERSE', 'ADJUST', 'TRANSFER_IN', 'TRANSFER_OUT'));
alter table loyalty.points_entry add column original_id bigint;
create index points_entry_original on loyalty.points_entry (member_id, original_id)
  where original_id is not null;

-- Debt: points reversed after they were spent, which later earnings pay first.
-- Pending: earnings still inside their return window, shown but not spendable.
alter table loyalty.points_account add column debt bigint not null default 0 check (debt >= 0);
alter table loyalty.points_account add column pending bigint not null default 0 check (pending >= 0);

-- What a spending gave back of each lot it took from.
alter table loyalty.lot_consumption add column returned bigint not null default 0;
alter table loyalty.lot_consumption add constraint lot_consumption_returned
  check (returned >= 0 and returned <= points);

-- An earning that matures later (a two-phase transfer): posted as an EARN entry at maturity,
-- or cancelled (wholly or in part) by a refund before it.
create table loyalty.points_pending (
  member_id    bigint not null,
  id           bigint generated always as identity,
  points       bigint not null check (points > 0),
  cancelled    bigint not null default 0 check (cancelled >= 0 and cancelled <= points),
  matures_at   timestamptz not null,
  state        text not null check (state in ('PENDING', 'MATURED', 'CANCELLED', 'MOVED')),
  cause_type   text not null,
  cause_ref    text,
  reason       text,
  external_id  text not null,
  expiry_kind  text not null,
  expiry_n     int not null,
  actor        text not null,
  at           timestamptz not null,
  entry_id     bigint,
  primary key (member_id, id),
  unique (member_id, external_id)
);
create index points_pending_due on loyalty.points_pending (matures_at) where state = 'PENDING';

-- A refund that cancels (part of) a pending earning, once per external id.
create table loyalty.pending_cancellation (
  member_id   bigint not null,
  pending_id  bigint not null,
  external_id text not null,
  points      bigint not null check (points > 0),
  reason      text,
  actor       text not null,
  at          timestamptz not null,
  primary key (member_id, external_id),
  foreign key (member_id, pending_id) references loyalty.points_pending (member_id, id)
);
