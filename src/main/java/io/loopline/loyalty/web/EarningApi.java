package io.loopline.loyalty.web;

import io.loopline.loyalty.EarningResult;
import io.loopline.loyalty.EarningRule;
import io.loopline.loyalty.EarningRules;
import io.loopline.loyalty.Earnings;
import io.loopline.loyalty.EngagementEvent;
import io.loopline.loyalty.MemberDay;
import io.loopline.loyalty.PurchaseEvent;
import io.loopline.loyalty.PurchaseIntake;
import io.loopline.loyalty.PurchaseRefund;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.idempotency.CoalescedRoute;
import io.loopline.platform.idempotency.IdempotentCall;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Earning", description = "Earning rules, member days and the events that earn (PTS-1, PTS-4)")
class EarningApi {

  private final Earnings earnings;
  private final PurchaseIntake intake;
  private final EarningRules rules;

  EarningApi(Earnings earnings, PurchaseIntake intake, EarningRules rules) {
    this.earnings = earnings;
    this.intake = intake;
    this.rules = rules;
  }

  @PostMapping("/api/v1/points/purchases")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Earn the points of a completed purchase",
      description = "201 with one award per rule that fired (after tier multipliers, member days "
          + "and caps); 200 with the first answer when the order was posted before")
  @ApiResponse(responseCode = "201", description = "earned",
      content = @Content(schema = @Schema(implementation = EarningResult.class)))
  @ApiResponse(responseCode = "200", description = "the order was posted before",
      content = @Content(schema = @Schema(implementation = EarningResult.class)))
  ResponseEntity<?> purchase(@Valid @RequestBody PurchaseEvent event,
      HttpServletRequest request) {
    PurchaseIntake.Answer answer = intake.earn(event, IdempotentCall.of(request));
    if (answer.replay() != null) {
      return answer.replay().replay();
    }
    return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
        .body(answer.body());
  }

  /** Purchases claim their keys in {@link PurchaseIntake}, to share commits. */
  @Bean
  static CoalescedRoute purchaseRoute() {
    return new CoalescedRoute("POST", "/api/v1/points/purchases");
  }

  @PostMapping("/api/v1/points/purchases/preview")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "Simulate a purchase: which rules fire and what they award, writing nothing")
  EarningResult previewPurchase(@Valid @RequestBody PurchaseEvent event) {
    return earnings.simulate(event);
  }

  @PostMapping("/api/v1/points/purchases/{orderId}/refunds")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Refund (part of) a purchase and take back its points in proportion",
      description = "404 for an unknown order; 409 when more is refunded than was paid")
  ResponseEntity<PurchaseRefund.Result> refund(@PathVariable String orderId,
      @Valid @RequestBody PurchaseRefund refund) {
    PurchaseRefund.Result result = earnings.refund(orderId, refund);
    return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(result);
  }

  @PostMapping("/api/v1/points/engagements")
  @PreAuthorize("hasAuthority('SCOPE_points:write')")
  @Operation(summary = "Earn the points of an engagement event (share, activity, referral, "
      + "review, check-in, daily sign-in)",
      description = "409 for a second daily sign-in on one day or a member referred already")
  ResponseEntity<EarningResult> engage(@Valid @RequestBody EngagementEvent event) {
    return answer(earnings.engage(event));
  }

  @PostMapping("/api/v1/points/engagements/preview")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "Simulate an engagement event, writing nothing")
  EarningResult previewEngagement(@Valid @RequestBody EngagementEvent event) {
    return earnings.simulate(event);
  }

  @GetMapping("/api/v1/points/rules")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "All earning rules")
  List<EarningRule> rules() {
    return rules.rules();
  }

  @GetMapping("/api/v1/points/rules/{code}")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "One earning rule")
  EarningRule rule(@PathVariable String code) {
    return rules.rule(code);
  }

  @PutMapping("/api/v1/points/rules/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Create or replace an earning rule; it applies to events after it")
  EarningRule saveRule(@PathVariable String code, @Valid @RequestBody EarningRule rule) {
    sameCode(code, rule.code());
    return rules.save(rule);
  }

  @DeleteMapping("/api/v1/points/rules/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete an earning rule")
  void deleteRule(@PathVariable String code) {
    rules.deleteRule(code);
  }

  @GetMapping("/api/v1/points/member-days")
  @PreAuthorize("hasAuthority('SCOPE_points:read')")
  @Operation(summary = "All member days and super brand days")
  List<MemberDay> memberDays() {
    return rules.memberDays();
  }

  @PutMapping("/api/v1/points/member-days/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @Operation(summary = "Create or replace a member day")
  MemberDay saveMemberDay(@PathVariable String code, @Valid @RequestBody MemberDay day) {
    sameCode(code, day.code());
    return rules.save(day);
  }

  @DeleteMapping("/api/v1/points/member-days/{code}")
  @PreAuthorize("hasAuthority('SCOPE_loyalty:admin')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a member day")
  void deleteMemberDay(@PathVariable String code) {
    rules.deleteMemberDay(code);
  }

  private static void sameCode(String path, String body) {
    if (!path.equals(body)) {
      throw new InvalidInput("code", "must match the code in the path");
    }
  }

  private static ResponseEntity<EarningResult> answer(EarningResult result) {
    return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(result);
  }
}
