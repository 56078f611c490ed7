-- What each member earned (earnings less refunds), spent (less refunds) and visited per day of
-- the programme's time zone: a tier's window is read from a member's days, not from every entry
-- and order they ever had. Kept by the writes that change it; built from the ledger and the
-- orders at the first start, and again whenever the programme's time zone changes (the zone it
-- was built in is kept beside it).
create table loyalty.tier_progress (
  member_id bigint not null,
  day       date not null,
  points    bigint not null default 0,
  spend_fen bigint not null default 0,
  visits    int not null default 0,
  primary key (member_id, day)
);

create table loyalty.tier_progress_zone (
  zone text primary key
);
