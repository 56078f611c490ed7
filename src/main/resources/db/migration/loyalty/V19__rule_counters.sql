-- A rule's caps per member counted in one row instead of one row per period: the day, ISO week
-- and month it counts (keys 'YYYY-MM-DD', 'YYYY-Www', 'YYYY-MM') with the points given in each,
-- and the points given in all; with the last grant and what decided it (the points wanted, the
-- caps in force). A grant locks, reads and counts the row in one statement. Keys compare
-- byte-wise (collation "C") whatever the database's collation.
create table loyalty.rule_counter (
  member_id       bigint not null,
  rule_code       text not null,
  day_key         text collate "C" not null default '',
  day_points      bigint not null default 0 check (day_points >= 0),
  week_key        text collate "C" not null default '',
  week_points     bigint not null default 0 check (week_points >= 0),
  month_key       text collate "C" not null default '',
  month_points    bigint not null default 0 check (month_points >= 0),
  lifetime_points bigint not null default 0 check (lifetime_points >= 0),
  wanted          bigint not null default 0,
  granted         bigint not null default 0,
  day_cap         bigint,
  week_cap        bigint,
  month_cap       bigint,
  lifetime_cap    bigint,
  primary key (member_id, rule_code)
);

-- the latest period of each kind from the rows per period ('D:2026-11-25', 'W:2026-W8',
-- 'M:2026-9', 'L'), their keys zero-padded
insert into loyalty.rule_counter (member_id, rule_code, day_key, day_points, week_key,
       week_points, month_key, month_points, lifetime_points)
select member_id, rule_code,
       coalesce(max(k) filter (where kind = 'D'), ''), coalesce(max(points) filter (where kind = 'D'), 0),
       coalesce(max(k) filter (where kind = 'W'), ''), coalesce(max(points) filter (where kind = 'W'), 0),
       coalesce(max(k) filter (where kind = 'M'), ''), coalesce(max(points) filter (where kind = 'M'), 0),
       coalesce(max(points) filter (where kind = 'L'), 0)
  from (select distinct on (member_id, rule_code, kind) member_id, rule_code, kind, k, points
          from (select member_id, rule_code, points, left(period, 1) as kind,
                       case left(period, 1)
                         when 'D' then substr(period, 3)
                         when 'W' then split_part(substr(period, 3), '-W', 1) || '-W'
                                       || lpad(split_part(substr(period, 3), '-W', 2), 2, '0')
                         when 'M' then split_part(substr(period, 3), '-', 1) || '-'
                                       || lpad(split_part(substr(period, 3), '-', 2), 2, '0')
                         else '' end as k
                  from loyalty.rule_usage) u
         order by member_id, rule_code, kind, k desc) latest
 group by member_id, rule_code;

drop table loyalty.rule_usage;
