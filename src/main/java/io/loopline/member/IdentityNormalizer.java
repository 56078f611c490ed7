package io.loopline.member;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.loopline.platform.InvalidInput;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Brings identities to the one form they are stored and matched in: phones to E.164 (numbers
 * without a country code are read in the brand's default region), e-mails to lowercase.
 */
@Component
class IdentityNormalizer {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  private final String region;

  IdentityNormalizer(@Value("${loopline.members.default-region:CN}") String region) {
    this.region = region;
  }

  /** The normalised identity, or a 400 naming {@code field} when the value is not valid. */
  Identity normalize(IdentityInput input, String field) {
    String value = input.value() == null ? "" : input.value().trim();
    String scope = input.scope() == null ? "" : input.scope().trim();
    if (input.type().scoped() && scope.isEmpty()) {
      throw new InvalidInput(field + ".scope",
          input.type() == IdentityType.EXTERNAL ? "names the channel of an external id"
              : "names the WeChat app of an openid");
    }
    if (!input.type().scoped()) {
      scope = "";
    }
    return switch (input.type()) {
      case PHONE -> Identity.phone(phone(value).orElseThrow(
          () -> new InvalidInput(field + ".value", "is not a valid phone number")));
      case EMAIL -> Identity.email(email(value).orElseThrow(
          () -> new InvalidInput(field + ".value", "is not a valid e-mail address")));
      default -> {
        if (value.isEmpty() || value.length() > 200) {
          throw new InvalidInput(field + ".value", "must be 1 to 200 characters");
        }
        yield new Identity(input.type(), scope, value);
      }
    };
  }

  /**
   * The identity as it would be stored, when it is typed in that form already: a phone in
   * E.164, not yet checked to be a valid number (for lookups that need no parse when they hit).
   */
  Optional<Identity> asStored(IdentityInput input) {
    return input.type() == IdentityType.PHONE && input.value() != null
        && E164.matcher(input.value()).matches() ? Optional.of(Identity.phone(input.value()))
        : Optional.empty();
  }

  Optional<String> phone(String typed) {
    try {
      PhoneNumber number = PHONES.parse(typed, region);
      if (!PHONES.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  Optional<String> email(String typed) {
    String lower = typed.trim().toLowerCase(Locale.ROOT);
    return EMAIL.matcher(lower).matches() && lower.length() <= 200 ? Optional.of(lower)
        : Optional.empty();
  }

  /** Reads free text a person typed to find a member: a phone, an e-mail, or nothing. */
  Optional<Identity> guess(String typed) {
    if (typed == null || typed.isBlank()) {
      return Optional.empty();
    }
    if (typed.contains("@")) {
      return email(typed).map(Identity::email);
    }
    if (typed.matches("[+0-9 ()\\-]{6,}")) {
      return phone(typed).map(Identity::phone);
    }
    return Optional.empty();
  }
}
