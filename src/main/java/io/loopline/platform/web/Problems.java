package io.loopline.platform.web;

import io.loopline.platform.InvalidInput.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem+json bodies every error of Loopline is answered with (RFC 9457). */
public final class Problems {

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + type));
    problem.setTitle(title);
    return problem;
  }

  public static ProblemDetail invalid(List<FieldError> errors) {
    ProblemDetail problem = of(HttpStatusCode.valueOf(400), "invalid-input", "Invalid input",
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid");
    problem.setProperty("errors", errors);
    return problem;
  }
}
