package io.loopline.platform;

/**
 * Delivers a message to a person (sign-in codes, reminders, journey messages). Loopline ships a
 * sink that keeps every message in the database, shown at {@code /dev/messages} in dev mode; a
 * deployment plugs in its SMS or e-mail gateway by providing another bean.
 */
public interface MessageSink {

  void send(Channel channel, String recipient, String text);

  enum Channel { SMS, EMAIL, WECHAT }
}
