package io.loopline.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;

/**
 * Input that passed the JSON shape but breaks a rule of the domain (a phone number that is not
 * one, a segment node with an unknown operator); answered as 400 naming each bad field.
 */
public class InvalidInput extends RuntimeException {

  private final List<FieldError> errors;

  public InvalidInput(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public InvalidInput(List<FieldError> errors) {
    super(errors.isEmpty() ? "invalid input" : errors.get(0).field() + ": " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  /**
   * The value when bean validation finds nothing wrong with it, else this exception naming each
   * field as the API does (for forms that build a value the API would have validated).
   */
  public static <T> T unlessValid(Validator validator, T value) {
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw new InvalidInput(violations.stream()
          .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList());
    }
    return value;
  }

  /** One bad field: its JSON path (e.g. {@code identities[1].value}) and what is wrong with it. */
  public record FieldError(String field, String message) {}
}
