-- The expiry job finds the lots due by their deadline, not by reading every open lot of every
-- member each time it runs; lots that never expire stay out of it.
create index points_lot_due on loyalty.points_lot (expires_at)
  where remaining > 0 and expires_at is not null;
