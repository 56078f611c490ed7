package io.loopline.loyalty;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.loopline.member.Segments;
import io.loopline.platform.Actor;
import io.loopline.platform.NotFound;
import io.loopline.platform.PublicId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk grants (PTS-3): points to every member of a segment as one durable job. The segment is
 * walked in member-id order, a chunk at a time; each chunk is one transaction of set-based
 * statements that writes the entries, pays open debts first, opens the lots, moves the accounts
 * and records the progress — so a restarted job resumes after the last committed chunk, and the
 * entry's external id ({@code grant-<id>}, unique per member) makes a second grant impossible.
 * Members are those in the segment when their chunk runs.
 */
@Service
public class BulkGrants {

  static final String TASK = "points-grant";
  static final String PREFIX = "grt";
  private static final Logger log = LoggerFactory.getLogger(BulkGrants.class);
  private static final int CHUNK = 5_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Segments segments;
  private final LoyaltySettings settings;
  private final Clock clock;
  private final ObjectProvider<SchedulerClient> scheduler;
  private final ObjectProvider<OneTimeTask<Long>> task;
  private final TierProgress progress;

  BulkGrants(JdbcClient jdbc, TransactionTemplate transactions, Segments segments,
      LoyaltySettings settings, Clock clock, ObjectProvider<SchedulerClient> scheduler,
      @Qualifier("pointsGrant") ObjectProvider<OneTimeTask<Long>> task, TierProgress progress) {
    this.jdbc = jdbc;
    this.progress = progress;
    this.transactions = transactions;
    this.segments = segments;
    this.settings = settings;
    this.clock = clock;
    this.scheduler = scheduler;
    this.task = task;
  }

  /** Queues a grant (404 for an unknown segment); the same external id answers the first. */
  public BulkGrant start(BulkGrant.Request request) {
    segments.get(request.segment());
    PointsExpiry expiry = request.expiry() == null ? settings.expiry() : request.expiry();
    Optional<Long> id = jdbc.sql("""
        insert into loyalty.bulk_grant (segment, points, reason, expiry_kind, expiry_n,
               external_id, state, actor, created_at)
        values (:s, :p, :r, :k, :n, :e, 'QUEUED', :actor, :now)
        on conflict (external_id) do nothing returning id
        """)
        .param("s", request.segment()).param("p", request.points()).param("r", request.reason())
        .param("k", expiry.kind().name()).param("n", expiry.n())
        .param("e", request.externalId()).param("actor", Actor.current().label())
        .param("now", Timestamp.from(clock.instant())).query(Long.class).optional();
    if (id.isEmpty()) {
      return jdbc.sql(SELECT + " where external_id = :e").param("e", request.externalId())
          .query(BulkGrants::grant).single();
    }
    scheduler.getObject().scheduleIfNotExists(
        task.getObject().instance(String.valueOf(id.get()), id.get()), clock.instant());
    return get(PublicId.of(PREFIX, id.get()));
  }

  public BulkGrant get(String publicId) {
    long id = PublicId.parse(PREFIX, publicId);
    return jdbc.sql(SELECT + " where id = :id").param("id", id).query(BulkGrants::grant)
        .optional().orElseThrow(() -> new NotFound("grant", publicId));
  }

  public List<BulkGrant> recent(int limit) {
    return jdbc.sql(SELECT + " order by id desc limit :limit").param("limit", limit)
        .query(BulkGrants::grant).list();
  }

  /** Runs or resumes a grant, chunk after chunk. */
  void run(long id) {
    BulkGrant grant = get(PublicId.of(PREFIX, id));
    if (grant.state().equals("DONE") || grant.state().equals("FAILED")) {
      return;
    }
    jdbc.sql("update loyalty.bulk_grant set state = 'RUNNING',"
            + " started_at = coalesce(started_at, :now) where id = :id")
        .param("now", Timestamp.from(clock.instant())).param("id", id).update();
    try {
      while (Boolean.TRUE.equals(transactions.execute(tx -> chunk(id)))) {
        // next chunk
      }
      jdbc.sql("update loyalty.bulk_grant set state = 'DONE', finished_at = :now where id = :id")
          .param("now", Timestamp.from(clock.instant())).param("id", id).update();
    } catch (RuntimeException e) {
      log.error("points grant {} failed", id, e);
      jdbc.sql("update loyalty.bulk_grant set state = 'FAILED', failure = :f, finished_at = :now"
              + " where id = :id")
          .param("f", String.valueOf(e.getMessage())).param("now", Timestamp.from(clock.instant()))
          .param("id", id).update();
    }
  }

  /** Grants the next chunk in one transaction; false when the segment has no members left. */
  boolean chunk(long id) {
    record State(String segment, long points, String reason, PointsExpiry expiry, long last,
        String actor) {}
    State s = jdbc.sql("select segment, points, reason, expiry_kind, expiry_n, last_member, actor"
            + " from loyalty.bulk_grant where id = :id for update")
        .param("id", id)
        .query((rs, n) -> new State(rs.getString(1), rs.getLong(2), rs.getString(3),
            new PointsExpiry(PointsExpiry.Kind.valueOf(rs.getString(4)), rs.getInt(5)),
            rs.getLong(6), rs.getString(7)))
        .single();
    List<Long> members = segments.memberIds(s.segment(), s.last(), CHUNK);
    if (members.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    Instant expires = s.expiry().deadline(now, settings.zone());
    int granted = jdbc.sql("""
        with entry as (
          insert into loyalty.points_entry (member_id, kind, points, cause_type, cause_ref,
                                            reason, external_id, actor, at)
          select m, 'EARN', :n, 'GRANT', :grant, :reason, :external, :actor, :now
            from unnest(cast(:members as bigint[])) m
          on conflict (member_id, kind, external_id) do nothing
          returning member_id, id),
        before as (
          select member_id, debt from loyalty.points_account
           where member_id in (select member_id from entry) for update),
        account as (
          insert into loyalty.points_account (member_id, balance, lifetime_earned, updated_at)
          select member_id, :n, :n, :now from entry
          on conflict (member_id) do update
             set balance = points_account.balance + excluded.balance
                           - least(points_account.debt, excluded.balance),
                 debt = points_account.debt - least(points_account.debt, excluded.balance),
                 lifetime_earned = points_account.lifetime_earned + excluded.lifetime_earned,
                 updated_at = excluded.updated_at
          returning member_id),
        progress as (
          insert into loyalty.tier_progress as p (member_id, day, points)
          select member_id, cast(:day as date), :n from entry
          on conflict (member_id, day) do update set points = p.points + excluded.points)
        insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
        select e.member_id, e.id, :n, :n - least(coalesce(b.debt, 0), :n), :expires
          from entry e left join before b on b.member_id = e.member_id
        """)
        .param("n", s.points()).param("day", progress.day(now).toString())
        .param("grant", PublicId.of(PREFIX, id))
        .param("reason", s.reason()).param("external", "grant-" + PublicId.of(PREFIX, id))
        .param("actor", s.actor()).param("now", Timestamp.from(now))
        .param("members", members.toArray(Long[]::new))
        .param("expires", expires == null ? null : Timestamp.from(expires))
        .update();
    jdbc.sql("update loyalty.bulk_grant set granted = granted + :g, last_member = :last"
            + " where id = :id")
        .param("g", granted).param("last", members.get(members.size() - 1)).param("id", id)
        .update();
    return true;
  }

  private static final String SELECT = "select id, segment, points, reason, expiry_kind,"
      + " expiry_n, external_id, state, granted, failure, actor, created_at, started_at,"
      + " finished_at from loyalty.bulk_grant";

  private static BulkGrant grant(ResultSet rs, int n) throws SQLException {
    return new BulkGrant(PublicId.of(PREFIX, rs.getLong(1)), rs.getString(2), rs.getLong(3),
        rs.getString(4), new PointsExpiry(PointsExpiry.Kind.valueOf(rs.getString(5)),
            rs.getInt(6)),
        rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10), rs.getString(11),
        instant(rs, 12), instant(rs, 13), instant(rs, 14));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
