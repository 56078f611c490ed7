package io.loopline.platform;

/**
 * Delivers a message to a person (sign-in codes, reminders, journey messages). Loopline ships a
 * sink that keeps every message in the database, shown at {@code /dev/messages} in dev mode; a
 * deployment plugs in its SMS or e-mail gateway by providing another bean.
 */
public interface MessageSink {

  void send(Channel channel, String recipient, String text);

  /**
   * Forgets everything kept about these recipients (phones, e-mails) — sent messages and pending
   * sign-in codes — when their owner's personal data is erased (MEM-4).
   */
  void forget(java.util.Collection<String> recipients);

  enum Channel { SMS, EMAIL, WECHAT }
}
