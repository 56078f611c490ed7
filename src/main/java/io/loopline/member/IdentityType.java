package io.loopline.member;

/**
 * Kinds of identity a member is known by. An openid is per WeChat app and an external id per
 * channel, so those carry a scope; phone, e-mail and unionid are global.
 */
public enum IdentityType {
  PHONE(false), EMAIL(false), WECHAT_OPENID(true), WECHAT_UNIONID(false), EXTERNAL(true);

  private final boolean scoped;

  IdentityType(boolean scoped) {
    this.scoped = scoped;
  }

  public boolean scoped() {
    return scoped;
  }
}
