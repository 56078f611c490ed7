package io.loopline.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.LooplineApplication;
import io.loopline.member.IdentityInput;
import io.loopline.member.IdentityType;
import io.loopline.member.MemberId;
import io.loopline.member.Members;
import io.loopline.member.NewMember;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Random sequences of earn, spend, refund, spending reversal, adjustment, maturity, expiry and a
 * merge, run against the real ledger on its own embedded database; after every step each
 * account agrees with its entries, lots and pending earnings, no spendable balance is negative,
 * and a refused step changes nothing.
 */
class LedgerPropertyTest {

  private static ConfigurableApplicationContext app;
  private static PointsLedger ledger;
  private static Members members;
  private static final AtomicLong PHONES = new AtomicLong(13_700_000_000L);
  private static final AtomicLong IDS = new AtomicLong();

  @BeforeContainer
  static void start() {
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    try {
      app = new SpringApplicationBuilder(LooplineApplication.class).profiles("test")
          .run("--server.port=0", "--loopline.points.expiry-interval=PT1H",
              "--loopline.points.maturity-interval=PT1H");
    } finally {
      System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
    }
    ledger = app.getBean(PointsLedger.class);
    members = app.getBean(Members.class);
  }

  @AfterContainer
  static void stop() {
    app.close();
  }

  sealed interface Step permits Earn, Spend, Refund, Cancel, Adjust, Advance, Merge {}

  record Earn(int member, int points, int expiryDays, boolean pending) implements Step {}

  record Spend(int member, int points) implements Step {}

  record Refund(int member, int which, Integer points) implements Step {}

  record Cancel(int member, int which, Integer points) implements Step {}

  record Adjust(int member, int points) implements Step {}

  record Advance(int days) implements Step {}

  record Merge() implements Step {}

  @Property(tries = 40)
  void every_account_agrees_with_its_ledger_after_every_step(
      @ForAll("steps") List<Step> steps) {
    List<String> ids = List.of(member(), member(), member());
    List<List<String>> earned = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<String>> spent = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Instant now = Instant.now();
    for (Step step : steps) {
      Set<String> accounts = new LinkedHashSet<>();
      for (String id : ids) {
        accounts.add(members.current(MemberId.parse(id)).toString());
      }
      List<PointsSummary> before = accounts.stream().map(ledger::summary).toList();
      try {
        if (step instanceof Earn e) {
          String ext = "e" + IDS.incrementAndGet();
          ledger.earn(new PointsChange(ids.get(e.member()), (long) e.points(), "PURCHASE",
              null, null, ext, e.expiryDays() == 0 ? PointsExpiry.NEVER
                  : PointsExpiry.days(e.expiryDays()), e.pending() ? 2 : null));
          earned.get(e.member()).add(ext);
        } else if (step instanceof Spend sp) {
          String ext = "s" + IDS.incrementAndGet();
          ledger.spend(PointsChange.of(ids.get(sp.member()), sp.points(), "REWARD", null, ext));
          spent.get(sp.member()).add(ext);
        } else if (step instanceof Refund r) {
          ledger.refundEarning(new PointsReversal(ids.get(r.member()),
              pick(earned.get(r.member()), r.which()), r.points() == null ? null
                  : (long) r.points(), "r" + IDS.incrementAndGet(), null));
        } else if (step instanceof Cancel c) {
          ledger.reverseSpending(new PointsReversal(ids.get(c.member()),
              pick(spent.get(c.member()), c.which()), c.points() == null ? null
                  : (long) c.points(), "c" + IDS.incrementAndGet(), null));
        } else if (step instanceof Adjust a) {
          ledger.adjust(new PointsAdjustment(ids.get(a.member()), (long) a.points(),
              "property test", "a" + IDS.incrementAndGet()));
        } else if (step instanceof Advance a) {
          now = now.plus(Duration.ofDays(a.days()));
          ledger.matureDue(now, 10_000);
          ledger.expireDue(now, 10_000);
        } else {
          MemberId survivor = members.current(MemberId.parse(ids.get(0)));
          MemberId merged = members.current(MemberId.parse(ids.get(1)));
          if (!survivor.equals(merged)) {
            long total = net(survivor) + net(merged);
            members.merge(survivor, merged, "property test");
            ledger.transferOnMerge(survivor, merged);
            ledger.transferOnMerge(survivor, merged);
            assertThat(net(survivor)).as("points conserved by the merge").isEqualTo(total);
          }
        }
      } catch (Conflict | NotFound | InvalidInput refused) {
        assertThat(accounts.stream().map(ledger::summary).toList())
            .as("a refused %s changes nothing", step).isEqualTo(before);
      }
      for (String account : accounts) {
        LedgerAudit audit = ledger.audit(account);
        assertThat(audit.consistent()).as("after %s: %s", step, audit).isTrue();
        assertThat(audit.balance()).isNotNegative();
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> member = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> points = Arbitraries.integers().between(1, 400);
    Arbitrary<Integer> some = points.injectNull(0.4);
    Arbitrary<Integer> which = Arbitraries.integers().between(0, 20);
    Arbitrary<Step> step = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Combinators.combine(member, points,
            Arbitraries.integers().between(0, 4), Arbitraries.of(true, false, false))
            .as(Earn::new)),
        net.jqwik.api.Tuple.of(4, Combinators.combine(member, points).as(Spend::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(member, which, some).as(Refund::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(member, which, some).as(Cancel::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(member,
            Arbitraries.integers().between(-300, 300).filter(n -> n != 0)).as(Adjust::new)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 3).map(Advance::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Merge())));
    return step.list().ofMinSize(1).ofMaxSize(25);
  }

  private static long net(MemberId member) {
    PointsSummary s = ledger.summary(member.toString());
    return s.balance() - s.debt() + s.pending();
  }

  private static String pick(List<String> externalIds, int which) {
    return externalIds.isEmpty() ? "none" : externalIds.get(which % externalIds.size());
  }

  private static String member() {
    return members.register(new NewMember("属性", null, null, null, null, null,
        List.of(new IdentityInput(IdentityType.PHONE, null,
            String.valueOf(PHONES.incrementAndGet()))), null)).id();
  }
}
