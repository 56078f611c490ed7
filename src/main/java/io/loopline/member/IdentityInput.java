package io.loopline.member;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An identity as a caller gives it, before normalisation. */
public record IdentityInput(
    @NotNull IdentityType type,
    @Size(max = 64) String scope,
    @NotBlank @Size(max = 200) String value) {

  public static IdentityInput phone(String phone) {
    return new IdentityInput(IdentityType.PHONE, null, phone);
  }

  public static IdentityInput email(String email) {
    return new IdentityInput(IdentityType.EMAIL, null, email);
  }
}
