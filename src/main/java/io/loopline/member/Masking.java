package io.loopline.member;

/** Hides the middle of personal identifiers in lists and logs (MEM-4). */
public final class Masking {

  private Masking() {}

  public static String mask(IdentityType type, String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return switch (type) {
      case PHONE -> maskPhone(value);
      case EMAIL -> maskEmail(value);
      default -> value.length() <= 6 ? "****"
          : value.substring(0, 3) + "****" + value.substring(value.length() - 3);
    };
  }

  public static String maskPhone(String phone) {
    if (phone.length() < 8) {
      return "****";
    }
    return phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
  }

  public static String maskEmail(String email) {
    int at = email.indexOf('@');
    if (at <= 0) {
      return "****";
    }
    return email.charAt(0) + "***" + email.substring(at);
  }

  /** A name shown in lists: the family name and a star per further character (张**). */
  public static String maskName(String name) {
    if (name == null || name.length() <= 1) {
      return name;
    }
    return name.charAt(0) + "*".repeat(Math.min(name.length() - 1, 3));
  }
}
