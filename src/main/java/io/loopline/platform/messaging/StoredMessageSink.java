package io.loopline.platform.messaging;

import io.loopline.platform.MessageSink;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps every sent message in {@code platform.outbound_message}; the dev page reads them. */
@Component
class StoredMessageSink implements MessageSink {

  private final JdbcClient jdbc;
  private final Clock clock;

  StoredMessageSink(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void send(Channel channel, String recipient, String text) {
    jdbc.sql("""
        insert into platform.outbound_message (channel, recipient, body, sent_at)
        values (:channel, :recipient, :body, :at)
        """)
        .param("channel", channel.name()).param("recipient", recipient).param("body", text)
        .param("at", Timestamp.from(clock.instant()))
        .update();
  }

  @Override
  public void forget(java.util.Collection<String> recipients) {
    if (recipients.isEmpty()) {
      return;
    }
    String[] values = recipients.toArray(String[]::new);
    jdbc.sql("delete from platform.outbound_message where recipient = any(:r)")
        .param("r", values).update();
    jdbc.sql("delete from platform.sign_in_code where identity = any(:r)")
        .param("r", values).update();
  }

  List<SentMessage> latest(int limit) {
    return jdbc.sql("""
        select channel, recipient, body, sent_at from platform.outbound_message
         order by id desc limit :limit
        """)
        .param("limit", limit)
        .query((rs, n) -> new SentMessage(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant()))
        .list();
  }

  record SentMessage(String channel, String recipient, String body, Instant sentAt) {}
}
