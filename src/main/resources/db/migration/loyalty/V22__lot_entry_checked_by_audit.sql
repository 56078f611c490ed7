-- A lot is opened in the transaction that appends its entry, and entries are never changed or
-- deleted, so the foreign key from a lot to its entry only re-read, for every lot, the row just
-- written: about 40 % of the time to open lots. The ledger audit (one member or all, and the
-- property test after every step) reports any lot without its entry instead.
alter table loyalty.points_lot drop constraint points_lot_member_id_entry_id_fkey;
