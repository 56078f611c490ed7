package io.loopline.platform.web;

import io.loopline.platform.Conflict;
import io.loopline.platform.Forbidden;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.InvalidInput.FieldError;
import io.loopline.platform.NotFound;
import io.loopline.platform.idempotency.IdempotencyMismatch;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of an API call into problem+json with the right status. Anything not
 * foreseen is a 500 whose detail says nothing of the internals (the log has the trace).
 */
@RestControllerAdvice(basePackages = "io.loopline")
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(NotFound.class)
  ProblemDetail notFound(NotFound e) {
    return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler(Conflict.class)
  ProblemDetail conflict(Conflict e) {
    return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
  }

  @ExceptionHandler(InvalidInput.class)
  ProblemDetail invalid(InvalidInput e) {
    return Problems.invalid(e.errors());
  }

  @ExceptionHandler(IdempotencyMismatch.class)
  ProblemDetail idempotency(IdempotencyMismatch e) {
    return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
        "Idempotency-Key reused", e.getMessage());
  }

  @ExceptionHandler({Forbidden.class, AccessDeniedException.class, AuthorizationDeniedException.class})
  ProblemDetail forbidden(RuntimeException e) {
    return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
        e instanceof Forbidden ? e.getMessage() : "You may not do this");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return Problems.invalid(List.of(new FieldError(e.getName(), "has the wrong format")));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail constraint(ConstraintViolationException e) {
    List<FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      String path = v.getPropertyPath().toString();
      errors.add(new FieldError(path.substring(path.indexOf('.') + 1), v.getMessage()));
    }
    return Problems.invalid(errors);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail integrity(DataIntegrityViolationException e) {
    log.warn("constraint violated: {}", e.getMostSpecificCause().getMessage());
    return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
        "The request conflicts with data that already exists");
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("unexpected failure", e);
    return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "Something went wrong on our side; nothing was changed");
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldError> errors = new ArrayList<>();
    e.getBindingResult().getFieldErrors().forEach(f ->
        errors.add(new FieldError(f.getField(), f.getDefaultMessage())));
    e.getBindingResult().getGlobalErrors().forEach(g ->
        errors.add(new FieldError(g.getObjectName(), g.getDefaultMessage())));
    return ResponseEntity.badRequest().body(Problems.invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors = new ArrayList<>();
    e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
        errors.add(new FieldError(r.getMethodParameter().getParameterName(),
            err.getDefaultMessage()))));
    return ResponseEntity.badRequest().body(Problems.invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return ResponseEntity.badRequest().body(Problems.invalid(List.of(unreadable(e))));
  }

  private static FieldError unreadable(HttpMessageNotReadableException e) {
    if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
      String field = path(jackson);
      if (jackson instanceof UnrecognizedPropertyException) {
        return new FieldError(field, "is not a known field");
      }
      if (jackson instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
        return new FieldError(field, "must be one of "
            + List.of(format.getTargetType().getEnumConstants()));
      }
      return new FieldError(field, "has the wrong type or format");
    }
    return new FieldError("body", "is not readable JSON");
  }

  private static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
