package io.loopline.loyalty;

import io.loopline.loyalty.BenefitQuota.Period;
import io.loopline.loyalty.EarningRule.Caps;
import io.loopline.loyalty.EarningRule.Trigger;
import io.loopline.loyalty.TierDefinition.Window;
import io.loopline.member.IdentityInput;
import io.loopline.member.MemberSearch;
import io.loopline.member.Members;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo programme for a coffee-and-hotel brand: a tier ladder with an advisor for Gold, the A-Card
 * style benefits matrix, earning rules, a member day and a super brand day, rewards, and a year
 * of purchases for the demo members (so tiers, history and expiry have something to show).
 */
@Component
@Order(2)
@ConditionalOnProperty(name = "loopline.demo-data", havingValue = "true")
class DemoLoyalty implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoLoyalty.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Tiers tiers;
  private final Benefits benefits;
  private final EarningRules rules;
  private final Earnings earnings;
  private final Rewards rewards;
  private final Members members;

  DemoLoyalty(JdbcClient jdbc, TransactionTemplate transactions, Tiers tiers, Benefits benefits,
      EarningRules rules, Earnings earnings, Rewards rewards, Members members) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.tiers = tiers;
    this.benefits = benefits;
    this.rules = rules;
    this.earnings = earnings;
    this.rewards = rewards;
    this.members = members;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (jdbc.sql("select count(*) from loyalty.tier").query(Long.class).single() > 0) {
      return;
    }
    transactions.executeWithoutResult(tx -> programme());
    transactions.executeWithoutResult(tx -> purchases());
    log.info("demo data: tiers, benefits, earning rules, member days, rewards and a year of "
        + "purchases");
  }

  private void programme() {
    tiers.save(new TierDefinition("MEMBER", "会员", "Member", 0, null, null, null,
        Window.ROLLING_DAYS, 365, 0, List.of()));
    tiers.save(new TierDefinition("SILVER", "银卡", "Silver", 1, 1_000L, 300_000L, 5,
        Window.ROLLING_DAYS, 365, 30, List.of()));
    tiers.save(new TierDefinition("GOLD", "金卡", "Gold", 2, 5_000L, 1_500_000L, 20,
        Window.ROLLING_DAYS, 365, 30, List.of("advisor")));
    tiers.save(new TierDefinition("PLATINUM", "白金卡", "Platinum", 3, 20_000L, 6_000_000L, 50,
        Window.CALENDAR_YEAR, 365, 60, List.of("advisor")));
    benefit("member-price", Benefit.Kind.MEMBER_PRICE, "会员价", "Member price", "次",
        Map.of("MEMBER", -1, "SILVER", -1, "GOLD", -1, "PLATINUM", -1), Period.MONTH);
    benefit("late-checkout", Benefit.Kind.LATE_CHECKOUT, "延迟退房", "Late checkout", "次",
        Map.of("SILVER", 1, "GOLD", 2, "PLATINUM", 4), Period.MONTH);
    benefit("lounge", Benefit.Kind.LOUNGE_VISIT, "贵宾厅", "Lounge visit", "次",
        Map.of("GOLD", 2, "PLATINUM", 6), Period.MONTH);
    benefit("meeting-room", Benefit.Kind.MEETING_ROOM_HOURS, "会议室", "Meeting room", "小时",
        Map.of("GOLD", 4, "PLATINUM", 12), Period.MONTH);
    benefit("book-borrowing", Benefit.Kind.BOOK_BORROWING, "图书借阅", "Book borrowing", "本",
        Map.of("SILVER", 2, "GOLD", 5, "PLATINUM", -1), Period.MONTH);
    benefit("butler", Benefit.Kind.PERSONAL_BUTLER, "私人管家", "Personal butler", "天",
        Map.of("PLATINUM", 10), Period.YEAR);
    benefit("monthly-coupon", Benefit.Kind.MONTHLY_COUPON, "每月赠券", "Monthly coupon", "张",
        Map.of("SILVER", 1, "GOLD", 2, "PLATINUM", 4), Period.MONTH);
    benefit("priority", Benefit.Kind.PRIORITY_REGISTRATION, "活动优先报名",
        "Priority registration", "次", Map.of("GOLD", -1, "PLATINUM", -1), Period.YEAR);

    Caps none = new Caps(null, null, null, null, null);
    rules.save(new EarningRule("purchase", "消费积分", Trigger.PURCHASE, 1L, 100L, 100L, null,
        null, null, null, Map.of("SILVER", 120, "GOLD", 150, "PLATINUM", 200), null,
        new Caps(50_000L, 100_000L, null, null, null), null,
        new PointsExpiry(PointsExpiry.Kind.END_OF_YEAR, 1), null, null, true));
    rules.save(new EarningRule("tea-bonus", "茶饮加赠", Trigger.PURCHASE, 1L, 100L, null, null,
        null, Set.of("tea"), null, null, null, none, null, null, null, null, true));
    rules.save(new EarningRule("share", "资讯转发", Trigger.SHARE, 5L, null, null, null, null,
        null, null, null, null, new Caps(null, 20L, null, null, null), null, null, null, null,
        true));
    rules.save(new EarningRule("review", "发表评价", Trigger.REVIEW, 10L, null, null, null, null,
        null, null, null, null, new Caps(null, 30L, null, 200L, null), null, null, null, null,
        true));
    rules.save(new EarningRule("check-in", "到店签到", Trigger.CHECK_IN, 5L, null, null, null,
        null, null, null, null, null, new Caps(null, 5L, null, null, null), null, null, null,
        null, true));
    rules.save(new EarningRule("sign-in", "每日签到", Trigger.DAILY_SIGN_IN, 2L, null, null, null,
        null, null, null, null, Map.of(7, 20L, 30, 100L), none, null, null, null, null, true));
    rules.save(new EarningRule("referral", "推荐新会员", Trigger.REFERRAL, 200L, null, null, null,
        null, null, null, null, null, new Caps(null, null, null, 2_000L, null), null, null, null,
        null, true));
    rules.save(new EarningRule("activity", "参加活动", Trigger.ACTIVITY_JOIN, 20L, null, null,
        null, null, null, null, null, null, none, null, null, null, null, true));
    rules.save(new MemberDay("member-day", "每月 8 日会员日", null, 8, null, 200, null, null, null,
        true));
    rules.save(new MemberDay("brand-day", "双十一超级品牌日", Set.of(LocalDate.of(2026, 11, 11),
        LocalDate.of(2027, 11, 11)), null, null, 300, 88L, Set.of("GOLD", "PLATINUM"), null,
        true));
    rules.save(new MemberDay("weekend-tea", "周末下午茶", null, null, DayOfWeek.SATURDAY, null,
        10L, Set.of(), null, true));

    rewards.save(new Reward("coffee", "中杯咖啡券", "Coffee voucher", "任意门店兑换一杯中杯咖啡",
        500L, 1000, null, null, null, null, Set.of(), 30, true));
    rewards.save(new Reward("mug", "品牌马克杯", "Brand mug", "限量马克杯，每人限兑 1 个", 2_000L,
        100, null, 1, null, null, Set.of(), 90, true));
    rewards.save(new Reward("lounge-pass", "贵宾厅单次券", "Lounge pass", "金卡及以上会员专享",
        3_000L, 200, null, 2, null, null, Set.of("GOLD", "PLATINUM"), 60, true));
    rewards.save(new Reward("night", "免费房晚", "Free night", "周日至周四可用", 20_000L, 20, null,
        1, null, null, Set.of(), 180, true));
  }

  private void benefit(String code, Benefit.Kind kind, String zh, String en, String unit,
      Map<String, Integer> quotas, Period period) {
    benefits.save(new Benefit(code, kind, zh, en, unit));
    quotas.forEach((tier, quota) -> benefits.setQuota(code, tier,
        new BenefitQuota(tier, code, quota < 0 ? null : quota, period)));
  }

  /** Up to a dozen purchases in the last year for 200 demo members; the portal demo buys a lot. */
  private void purchases() {
    Random random = new Random(8);
    Instant now = Instant.now();
    String[] channels = {"pos", "mini-program", "app", "ota"};
    String[] venues = {"SH-001", "SH-002", "BJ-001", "GZ-001"};
    String demo = members.findByIdentity(IdentityInput.phone("13800138000"))
        .map(m -> m.id()).orElse("");
    List<String> shoppers = new java.util.ArrayList<>(List.of(demo));
    members.search(MemberSearch.all(), null, 200).items().forEach(m -> shoppers.add(m.id()));
    int index = 0;
    for (String member : shoppers) {
      boolean big = member.equals(demo);
      int count = big ? 40 : random.nextInt(12);
      for (int i = 0; i < count; i++) {
        long amount = 2_000 + random.nextInt(big ? 300_000 : 60_000);
        boolean tea = random.nextInt(4) == 0;
        earnings.purchase(new PurchaseEvent(member, "demo-" + index + "-" + i, amount,
            channels[random.nextInt(channels.length)], venues[random.nextInt(venues.length)],
            tea ? List.of(new PurchaseEvent.Line("milk-tea", "tea", amount)) : List.of(),
            now.minus(Duration.ofDays(random.nextInt(360)))));
      }
      index++;
    }
  }
}
