-- Keep every member-scoped table distributable by member (Citus): no foreign key may join two
-- members' rows, or a member's row to a table distributed by another key.
alter table member.member drop constraint if exists member_merged_into_fkey;
alter table member.identity drop constraint if exists identity_member_id_fkey;

alter table member.merge drop constraint if exists merge_survivor_id_fkey;
alter table member.merge drop constraint if exists merge_merged_id_fkey;
alter table member.merge drop constraint if exists merge_pkey;
alter table member.merge drop constraint if exists merge_merged_id_key;
alter table member.merge drop column if exists id;
alter table member.merge add primary key (merged_id);

create index if not exists merge_survivor on member.merge (survivor_id);
create index if not exists member_merged_into on member.member (merged_into) where merged_into is not null;
