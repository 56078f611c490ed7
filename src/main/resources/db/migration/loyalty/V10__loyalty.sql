create schema if not exists loyalty;

create table loyalty.points_account (
  member_id       bigint primary key,
  balance         bigint not null default 0 check (balance >= 0),
  lifetime_earned bigint not null default 0 check (lifetime_earned >= 0),
  updated_at      timestamptz not null
);

-- Append-only: every change of points is one entry with its cause; nothing is updated or deleted.
create table loyalty.points_entry (
  member_id   bigint not null,
  id          bigint generated always as identity,
  kind        text not null check (kind in ('EARN', 'SPEND', 'EXPIRE', 'TRANSFER_IN', 'TRANSFER_OUT')),
  points      bigint not null check (points <> 0),
  cause_type  text not null,
  cause_ref   text,
  reason      text,
  external_id text not null,
  actor       text not null,
  at          timestamptz not null,
  primary key (member_id, id),
  unique (member_id, kind, external_id)
);

create function loyalty.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'points entries are append-only';
end $$;
create trigger points_entry_append_only before update or delete on loyalty.points_entry
  for each row execute function loyalty.refuse_change();

-- What remains of each earning; spending takes from the lot nearest to expiry first.
create table loyalty.points_lot (
  member_id  bigint not null,
  id         bigint generated always as identity,
  entry_id   bigint not null,
  earned     bigint not null check (earned > 0),
  remaining  bigint not null check (remaining >= 0 and remaining <= earned),
  expires_at timestamptz,
  primary key (member_id, id),
  foreign key (member_id, entry_id) references loyalty.points_entry (member_id, id)
);
create index points_lot_open on loyalty.points_lot (member_id, expires_at) where remaining > 0;

-- Which lots a spending consumed, so a later refund can give the same points back.
create table loyalty.lot_consumption (
  member_id bigint not null,
  entry_id  bigint not null,
  lot_id    bigint not null,
  points    bigint not null check (points > 0),
  primary key (member_id, entry_id, lot_id),
  foreign key (member_id, entry_id) references loyalty.points_entry (member_id, id),
  foreign key (member_id, lot_id) references loyalty.points_lot (member_id, id)
);
