package io.loopline.member;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A member to register or to find-or-register. Identities are given as typed (a phone in any
 * common format); they are normalised before they are stored or matched.
 */
public record NewMember(
    @Size(max = 100) String name,
    @Past LocalDate birthday,
    Gender gender,
    Set<MemberRole> roles,
    @Size(max = 40) String joinChannel,
    @Size(max = 40) String joinVenue,
    @NotNull @Size(min = 1, max = 20) List<@Valid IdentityInput> identities,
    @Size(max = 50) List<@Size(max = 40) String> tags) {

  public NewMember {
    roles = roles == null ? Set.of() : roles;
    tags = tags == null ? List.of() : tags;
  }
}
