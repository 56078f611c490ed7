package io.loopline.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides phone numbers and e-mail addresses in log lines (MEM-4): the middle
 * digits of a phone and the local part of an address are replaced by stars.
 */
public final class PersonalDataMask {

  private static final Pattern EMAIL =
      Pattern.compile("([A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]*(@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");
  private static final Pattern PHONE = Pattern.compile("(?<![0-9])(\\+?\\d{2,6})\\d{4}(\\d{4})(?![0-9])");

  private PersonalDataMask() {}

  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = EMAIL.matcher(text).replaceAll("$1***$2");
    Matcher phone = PHONE.matcher(masked);
    return phone.replaceAll("$1****$2");
  }
}
