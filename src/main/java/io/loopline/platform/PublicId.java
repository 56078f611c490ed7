package io.loopline.platform;

/**
 * Opaque public ids: a type prefix and a Crockford base-32 form of the database id, scrambled by a
 * reversible 64-bit permutation so that neighbouring rows do not get neighbouring ids. The prefix
 * says what the id names ({@code mbr_} for a member), so a member id given where a tag id is
 * expected is refused instead of silently naming another row.
 */
public final class PublicId {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final long INVERSE = inverse(MULTIPLIER);
  private static final long MASK = 0x5DEECE66DL;

  private PublicId() {}

  /** The public form of a database id under a prefix such as {@code "mbr"}. */
  public static String of(String prefix, long id) {
    long scrambled = (id ^ MASK) * MULTIPLIER;
    char[] out = new char[13];
    for (int i = 12; i >= 0; i--) {
      out[i] = ALPHABET[(int) (scrambled & 31)];
      scrambled >>>= 5;
    }
    return prefix + "_" + new String(out);
  }

  /**
   * The database id behind a public id, or -1 when the text is not a well-formed id of that
   * prefix (callers answer 404 for it, as for any unknown id).
   */
  public static long parse(String prefix, String publicId) {
    if (publicId == null || publicId.length() != prefix.length() + 14
        || !publicId.startsWith(prefix + "_")) {
      return -1;
    }
    long value = 0;
    for (int i = prefix.length() + 1; i < publicId.length(); i++) {
      int digit = digit(Character.toUpperCase(publicId.charAt(i)));
      if (digit < 0) {
        return -1;
      }
      value = (value << 5) | digit;
    }
    long id = (value * INVERSE) ^ MASK;
    return id > 0 ? id : -1;
  }

  private static int digit(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static long inverse(long odd) {
    long x = odd;
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }
}
