package io.loopline.platform;

import java.util.Optional;

/**
 * What portal sign-in needs to know of members, provided by the member module (the platform does
 * not read member tables).
 */
public interface PortalAccounts {

  /**
   * The normal form of what a member typed to sign in (a phone number in E.164, a lowercase
   * e-mail), or empty when it is neither.
   */
  Optional<SignInIdentity> normalize(String typed);

  /** The public id of the active member who holds this identity. */
  Optional<String> memberFor(SignInIdentity identity);

  /** A normalised phone or e-mail and the channel a code for it goes out on. */
  record SignInIdentity(String value, MessageSink.Channel channel) {}
}
