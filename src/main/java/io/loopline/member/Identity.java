package io.loopline.member;

/**
 * One way a member is known: a phone (E.164), an e-mail (lowercase), a WeChat openid (scope =
 * app id) or unionid, or an external id (scope = channel). Values are kept as normalised.
 */
public record Identity(IdentityType type, String scope, String value) {

  public Identity {
    scope = scope == null ? "" : scope;
  }

  public static Identity phone(String e164) {
    return new Identity(IdentityType.PHONE, "", e164);
  }

  public static Identity email(String email) {
    return new Identity(IdentityType.EMAIL, "", email);
  }

  /** The value as lists and logs show it: {@code +86 138****5678}, {@code z***@example.com}. */
  public String masked() {
    return Masking.mask(type, value);
  }
}
