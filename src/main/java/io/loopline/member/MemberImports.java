package io.loopline.member;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.loopline.platform.Actor;
import io.loopline.platform.CursorPage;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import io.loopline.platform.PublicId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk import of members from CSV (MEM-1). The file is checked and stored, then a durable job
 * applies it in chunks, each chunk one transaction that also records progress, so a restart
 * resumes after the last chunk. Good rows go in; each bad row is reported with its line and
 * reason; importing the same file again changes nothing.
 */
@Service
public class MemberImports {

  static final String TASK = "member-import";
  private static final Logger log = LoggerFactory.getLogger(MemberImports.class);
  private static final String PREFIX = "imp";
  static final int CHUNK = 2000;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ImportBatch batch;
  private final IdentityNormalizer normalizer;
  private final ObjectProvider<SchedulerClient> scheduler;
  private final ObjectProvider<OneTimeTask<Long>> task;
  private final Clock clock;

  MemberImports(JdbcClient jdbc, TransactionTemplate transactions, ImportBatch batch,
      IdentityNormalizer normalizer, ObjectProvider<SchedulerClient> scheduler,
      @Qualifier("memberImport") ObjectProvider<OneTimeTask<Long>> task, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.batch = batch;
    this.normalizer = normalizer;
    this.scheduler = scheduler;
    this.task = task;
    this.clock = clock;
  }

  /** Checks and stores the file, and queues the job; 400 for a file not in the member format. */
  public ImportJob start(String fileName, byte[] content) {
    if (content == null || content.length == 0) {
      throw new InvalidInput("file", "is empty");
    }
    int rows = MemberCsv.validate(content);
    long id = jdbc.sql("""
        insert into member.import_job (file_name, content, status, total_rows, created_by, created_at)
        values (:name, :content, 'QUEUED', :rows, :by, :now) returning id
        """)
        .param("name", fileName == null || fileName.isBlank() ? "members.csv"
            : fileName.length() > 200 ? fileName.substring(0, 200) : fileName)
        .param("content", content).param("rows", rows)
        .param("by", Actor.current().label()).param("now", Timestamp.from(clock.instant()))
        .query(Long.class).single();
    scheduler.getObject().scheduleIfNotExists(
        task.getObject().instance(String.valueOf(id), id), clock.instant());
    return get(PublicId.of(PREFIX, id));
  }

  public ImportJob get(String publicId) {
    long id = parse(publicId);
    return jdbc.sql(SELECT + " where id = :id").param("id", id).query(this::job).optional()
        .orElseThrow(() -> new NotFound("import", publicId));
  }

  public List<ImportJob> recent(int limit) {
    return jdbc.sql(SELECT + " order by id desc limit :limit").param("limit", limit)
        .query(this::job).list();
  }

  /** The bad rows of an import by line, after the cursor's line. */
  public CursorPage<ImportError> errors(String publicId, Long afterLine, int limit) {
    long id = parse(publicId);
    get(publicId);
    List<ImportError> rows = jdbc.sql("""
        select line, reason from member.import_error
         where job_id = :id and line > :after order by line limit :limit
        """)
        .param("id", id).param("after", afterLine == null ? 0 : afterLine)
        .param("limit", limit + 1)
        .query((rs, n) -> new ImportError(rs.getLong(1), rs.getString(2))).list();
    boolean more = rows.size() > limit;
    List<ImportError> page = more ? rows.subList(0, limit) : rows;
    return new CursorPage<>(page, more ? String.valueOf(page.get(page.size() - 1).line()) : null);
  }

  /** Runs (or resumes) an import: chunk after chunk, each committed with its progress. */
  void run(long id) {
    var job = jdbc.sql("select content, processed_rows, created_by, status from member.import_job"
            + " where id = :id")
        .param("id", id)
        .query((rs, n) -> new Object[] {rs.getBytes(1), rs.getInt(2), rs.getString(3),
            rs.getString(4)})
        .optional();
    if (job.isEmpty() || "DONE".equals(job.get()[3]) || "FAILED".equals(job.get()[3])) {
      return;
    }
    byte[] content = (byte[]) job.get()[0];
    int processed = (int) job.get()[1];
    String actor = "import:" + PublicId.of(PREFIX, id);
    jdbc.sql("update member.import_job set status = 'RUNNING', started_at = coalesce(started_at, :now)"
            + " where id = :id")
        .param("id", id).param("now", Timestamp.from(clock.instant())).update();
    Set<String> tags = new HashSet<>(jdbc.sql("select code from member.tag")
        .query(String.class).list());
    List<MemberCsv.Row> chunk = new ArrayList<>(CHUNK);
    try {
      MemberCsv.read(content, processed, row -> {
        chunk.add(row);
        if (chunk.size() == CHUNK) {
          commit(id, chunk, actor);
          chunk.clear();
        }
      }, normalizer, tags);
      commit(id, chunk, actor);
      jdbc.sql("update member.import_job set status = 'DONE', finished_at = :now where id = :id")
          .param("id", id).param("now", Timestamp.from(clock.instant())).update();
    } catch (RuntimeException e) {
      log.error("import {} failed", id, e);
      jdbc.sql("""
          update member.import_job set status = 'FAILED', failure = :failure, finished_at = :now
           where id = :id
          """)
          .param("id", id).param("failure", String.valueOf(e.getMessage()))
          .param("now", Timestamp.from(clock.instant())).update();
    }
  }

  private void commit(long id, List<MemberCsv.Row> chunk, String actor) {
    if (chunk.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(tx -> {
      List<MemberCsv.Row> good = chunk.stream().filter(r -> r.error() == null).toList();
      List<ImportError> errors = new ArrayList<>(chunk.stream().filter(r -> r.error() != null)
          .map(r -> new ImportError(r.line(), r.error())).toList());
      ImportBatch.Outcome outcome = good.isEmpty()
          ? new ImportBatch.Outcome(0, 0, 0, List.of()) : batch.apply(good, actor);
      errors.addAll(outcome.errors());
      if (!errors.isEmpty()) {
        jdbc.sql("""
            insert into member.import_error (job_id, line, reason)
            select :id, line, reason from unnest(cast(:lines as bigint[]), cast(:reasons as text[]))
                   as e(line, reason)
            on conflict do nothing
            """)
            .param("id", id)
            .param("lines", errors.stream().map(ImportError::line).toArray(Long[]::new))
            .param("reasons", errors.stream().map(ImportError::reason).toArray(String[]::new))
            .update();
      }
      jdbc.sql("""
          update member.import_job
             set processed_rows = processed_rows + :rows, created = created + :created,
                 updated = updated + :updated, unchanged = unchanged + :unchanged,
                 failed = failed + :failed
           where id = :id
          """)
          .param("id", id).param("rows", chunk.size()).param("created", outcome.created())
          .param("updated", outcome.updated()).param("unchanged", outcome.unchanged())
          .param("failed", errors.size())
          .update();
    });
  }

  private static long parse(String publicId) {
    long id = PublicId.parse(PREFIX, publicId);
    if (id <= 0) {
      throw new NotFound("import", publicId);
    }
    return id;
  }

  private static final String SELECT = """
      select id, file_name, status, total_rows, processed_rows, created, updated, unchanged, failed,
             failure, created_by, created_at, started_at, finished_at from member.import_job""";

  private ImportJob job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp started = rs.getTimestamp("started_at");
    Timestamp finished = rs.getTimestamp("finished_at");
    return new ImportJob(PublicId.of(PREFIX, rs.getLong("id")), rs.getString("file_name"),
        ImportJob.ImportStatus.valueOf(rs.getString("status")), rs.getInt("total_rows"),
        rs.getInt("processed_rows"), rs.getInt("created"), rs.getInt("updated"),
        rs.getInt("unchanged"), rs.getInt("failed"), rs.getString("failure"),
        rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
        started == null ? null : started.toInstant(), finished == null ? null : finished.toInstant());
  }
}
