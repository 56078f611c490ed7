package io.loopline.member;

/** Where a member may be contacted; ANY covers all channels for a purpose. */
public enum ConsentChannel { SMS, EMAIL, WECHAT, PHONE_CALL, APP_PUSH, ANY }
