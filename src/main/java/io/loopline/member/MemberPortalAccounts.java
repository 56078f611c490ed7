package io.loopline.member;

import io.loopline.platform.MessageSink;
import io.loopline.platform.PortalAccounts;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Lets the portal sign members in by phone or e-mail. */
@Component
class MemberPortalAccounts implements PortalAccounts {

  private final IdentityNormalizer normalizer;
  private final MemberRepository repository;

  MemberPortalAccounts(IdentityNormalizer normalizer, MemberRepository repository) {
    this.normalizer = normalizer;
    this.repository = repository;
  }

  @Override
  public Optional<SignInIdentity> normalize(String typed) {
    return normalizer.guess(typed).map(i -> new SignInIdentity(i.value(),
        i.type() == IdentityType.PHONE ? MessageSink.Channel.SMS : MessageSink.Channel.EMAIL));
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<String> memberFor(SignInIdentity identity) {
    Identity id = identity.channel() == MessageSink.Channel.SMS ? Identity.phone(identity.value())
        : Identity.email(identity.value());
    return repository.ownerOf(id)
        .flatMap(repository::find)
        .filter(row -> row.status() == MemberStatus.ACTIVE)
        .map(row -> new MemberId(row.id()).toString());
  }
}
