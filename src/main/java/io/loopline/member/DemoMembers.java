package io.loopline.member;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * A few hundred demo members with tags, roles and identities, made at first start only (an empty
 * member table). Member 13800138000 is always there to try the portal with.
 */
@Component
@Order(1)
@ConditionalOnProperty(name = "loopline.demo-data", havingValue = "true")
class DemoMembers implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoMembers.class);
  private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
      "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳",
      "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "晨", "悦", "子涵", "梓萱"};
  private static final String[] VENUES = {"SH-001", "SH-002", "BJ-001", "GZ-001", "SZ-001", "CD-001"};
  private static final String[] CHANNELS = {"store", "mini-program", "web-shop", "pos", "community"};

  private final Members members;
  private final Tags tags;
  private final Consents consents;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  DemoMembers(Members members, Tags tags, Consents consents, JdbcClient jdbc,
      TransactionTemplate transactions) {
    this.members = members;
    this.tags = tags;
    this.consents = consents;
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (jdbc.sql("select count(*) from member.member").query(Long.class).single() > 0) {
      return;
    }
    transactions.executeWithoutResult(tx -> seed());
    log.info("demo data: 300 members with tags, roles and identities; try the portal with 13800138000");
  }

  private void seed() {
    tags.createGroup("lifecycle", "生命周期 Lifecycle");
    tags.createGroup("interest", "兴趣 Interests");
    tags.createGroup("service", "服务 Service");
    String[][] catalogue = {
        {"new", "新客 New", "lifecycle"}, {"active", "活跃 Active", "lifecycle"},
        {"dormant", "沉睡 Dormant", "lifecycle"}, {"coffee", "咖啡 Coffee", "interest"},
        {"tea", "茶饮 Tea", "interest"}, {"outdoor", "户外 Outdoor", "interest"},
        {"family", "亲子 Family", "interest"}, {"booked-service", "预约过服务 Booked", "service"},
        {"complained", "投诉过 Complained", "service"}, {"reviewer", "测评达人 Reviewer", "service"}};
    for (String[] t : catalogue) {
      tags.create(t[0], t[1], t[2], TagSource.MANUAL);
    }
    Random random = new Random(20261125);
    for (int i = 0; i < 300; i++) {
      String name = FAMILY[random.nextInt(FAMILY.length)] + GIVEN[random.nextInt(GIVEN.length)];
      List<IdentityInput> identities = new ArrayList<>();
      identities.add(IdentityInput.phone(i == 0 ? "13800138000"
          : "1" + (35 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000))));
      if (random.nextInt(3) == 0) {
        identities.add(IdentityInput.email("member" + i + "@example.com"));
      }
      if (random.nextInt(2) == 0) {
        identities.add(new IdentityInput(IdentityType.WECHAT_OPENID, "wx-brand-app",
            "o" + Long.toHexString(random.nextLong())));
      }
      Set<MemberRole> roles = switch (random.nextInt(20)) {
        case 0 -> Set.of(MemberRole.VIP);
        case 1 -> Set.of(MemberRole.KOC);
        case 2 -> Set.of(MemberRole.KOL);
        case 3 -> Set.of(MemberRole.EXPERIENCE_OFFICER);
        case 4 -> Set.of(MemberRole.VIP, MemberRole.EXPERT);
        default -> Set.of();
      };
      List<String> memberTags = new ArrayList<>();
      for (String[] t : catalogue) {
        if (random.nextInt(5) == 0) {
          memberTags.add(t[0]);
        }
      }
      LocalDate birthday = LocalDate.of(1965 + random.nextInt(40), 1 + random.nextInt(12),
          1 + random.nextInt(28));
      Registration registration = members.findOrRegister(new NewMember(
          i == 0 ? "林晓 Demo" : name, birthday,
          random.nextBoolean() ? Gender.FEMALE : Gender.MALE, roles,
          CHANNELS[random.nextInt(CHANNELS.length)], VENUES[random.nextInt(VENUES.length)],
          identities, memberTags));
      if (random.nextInt(2) == 0) {
        consents.set(registration.member().memberId().value(), ConsentChannel.ANY,
            ConsentPurpose.MARKETING, true, "demo");
      }
    }
  }
}
