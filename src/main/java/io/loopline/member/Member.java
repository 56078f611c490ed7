package io.loopline.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** A member as the API shows them: profile, roles, identities and tag codes. */
public record Member(
    String id,
    String name,
    LocalDate birthday,
    Gender gender,
    Set<MemberRole> roles,
    String joinChannel,
    String joinVenue,
    MemberStatus status,
    List<Identity> identities,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt) {

  public MemberId memberId() {
    return MemberId.parse(id);
  }

  /** The member's phone in E.164, if they have one. */
  public String phone() {
    return identities.stream().filter(i -> i.type() == IdentityType.PHONE)
        .map(Identity::value).findFirst().orElse(null);
  }

  public String email() {
    return identities.stream().filter(i -> i.type() == IdentityType.EMAIL)
        .map(Identity::value).findFirst().orElse(null);
  }
}
