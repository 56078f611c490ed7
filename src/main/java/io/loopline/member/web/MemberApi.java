package io.loopline.member.web;

import io.loopline.member.Consent;
import io.loopline.member.ConsentChange;
import io.loopline.member.ConsentChannel;
import io.loopline.member.ConsentPurpose;
import io.loopline.member.IdentityInput;
import io.loopline.member.Member;
import io.loopline.member.MemberChanges;
import io.loopline.member.MemberId;
import io.loopline.member.MemberRole;
import io.loopline.member.MemberSearch;
import io.loopline.member.MemberStatus;
import io.loopline.member.MemberSummary;
import io.loopline.member.Members;
import io.loopline.member.NewMember;
import io.loopline.member.Registration;
import io.loopline.member.TimelineEntry;
import io.loopline.platform.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members", description = "Members, identities, roles, tags, merges, consents (MEM-1..4)")
class MemberApi {

  private final Members members;
  private final io.loopline.member.PersonalData personalData;

  MemberApi(Members members, io.loopline.member.PersonalData personalData) {
    this.members = members;
    this.personalData = personalData;
  }

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_members:write')")
  @Operation(summary = "Register a member",
      description = "409 when an identity already belongs to a member; 403 for a venue outside yours")
  ResponseEntity<Member> register(@Valid @RequestBody NewMember request) {
    Member member = members.register(request);
    return ResponseEntity.created(URI.create("/api/v1/members/" + member.id())).body(member);
  }

  @PostMapping("/find-or-register")
  @PreAuthorize("hasAuthority('SCOPE_members:write')")
  @Operation(summary = "Find the member holding any of the identities, or register one",
      description = "200 with the existing member, 201 with a new one")
  ResponseEntity<Member> findOrRegister(@Valid @RequestBody NewMember request) {
    Registration registration = members.findOrRegister(request);
    Member member = registration.member();
    return registration.created()
        ? ResponseEntity.created(URI.create("/api/v1/members/" + member.id())).body(member)
        : ResponseEntity.ok(member);
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "List members, newest first, personal data masked",
      description = "q matches a phone or e-mail exactly (any format) or a name by prefix")
  CursorPage<MemberSummary> list(
      @RequestParam(required = false) @Size(max = 100) String q,
      @RequestParam(required = false) @Size(max = 40) String tag,
      @RequestParam(required = false) MemberRole role,
      @RequestParam(required = false) @Size(max = 40) String venue,
      @RequestParam(required = false) MemberStatus status,
      @RequestParam(required = false) @Size(max = 40) String cursor,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
    return members.search(new MemberSearch(q, tag, role, venue, status), cursor, limit);
  }

  @PostMapping("/lookup")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Find a member by one identity (in the body, so it stays out of logs)",
      description = "404 when nobody holds it")
  Member lookup(@Valid @RequestBody IdentityInput identity) {
    return members.findByIdentity(identity)
        .orElseThrow(() -> new io.loopline.platform.NotFound("member with identity",
            identity.type().name()));
  }

  @GetMapping("/{id}")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Read a member", description = "a merged member's id gives the survivor")
  Member get(@PathVariable String id) {
    return members.get(MemberId.parse(id));
  }

  @PatchMapping("/{id}")
  @PreAuthorize("hasAuthority('SCOPE_members:write')")
  @Operation(summary = "Change a member's profile; absent fields stay")
  Member update(@PathVariable String id, @Valid @RequestBody MemberChanges changes) {
    return members.update(MemberId.parse(id), changes);
  }

  @PostMapping("/{id}/identities")
  @PreAuthorize("hasAuthority('SCOPE_members:write')")
  @Operation(summary = "Add an identity", description = "409 when another member holds it")
  Member addIdentity(@PathVariable String id, @Valid @RequestBody IdentityInput identity) {
    return members.addIdentity(MemberId.parse(id), identity);
  }

  @PostMapping("/{id}/identities/remove")
  @PreAuthorize("hasAuthority('SCOPE_members:write')")
  @Operation(summary = "Remove an identity")
  Member removeIdentity(@PathVariable String id, @Valid @RequestBody IdentityInput identity) {
    return members.removeIdentity(MemberId.parse(id), identity);
  }

  @PutMapping("/{id}/tags/{tag}")
  @PreAuthorize("hasAuthority('SCOPE_tags:write')")
  @Operation(summary = "Tag a member by hand", description = "404 for an unknown tag")
  Member tag(@PathVariable String id, @PathVariable String tag) {
    return members.tag(MemberId.parse(id), tag);
  }

  @DeleteMapping("/{id}/tags/{tag}")
  @PreAuthorize("hasAuthority('SCOPE_tags:write')")
  @Operation(summary = "Remove a tag from a member")
  Member untag(@PathVariable String id, @PathVariable String tag) {
    return members.untag(MemberId.parse(id), tag);
  }

  @PostMapping("/merges")
  @PreAuthorize("hasAuthority('SCOPE_members:merge')")
  @Operation(summary = "Merge one member into another (MEM-1)",
      description = "409 for merging a member into itself or a merged/erased member")
  Member merge(@Valid @RequestBody MergeRequest request) {
    return members.merge(MemberId.parse(request.survivorId()), MemberId.parse(request.mergedId()),
        request.reason());
  }

  @GetMapping("/{id}/timeline")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "What happened to the member, newest first")
  List<TimelineEntry> timeline(@PathVariable String id,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
    return members.timeline(MemberId.parse(id), limit);
  }

  @GetMapping("/{id}/consents")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "A member's consents per channel and purpose")
  List<Consent> consents(@PathVariable String id) {
    return members.consents(MemberId.parse(id));
  }

  @GetMapping("/{id}/consents/history")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Every consent answer the member gave, newest first")
  List<ConsentChange> consentHistory(@PathVariable String id) {
    return members.consentHistory(MemberId.parse(id));
  }

  @PostMapping("/{id}/consents")
  @PreAuthorize("hasAuthority('SCOPE_consents:write')")
  @Operation(summary = "Record a consent answer")
  List<Consent> setConsent(@PathVariable String id, @Valid @RequestBody ConsentRequest request) {
    return members.setConsent(MemberId.parse(id), request.channel(), request.purpose(),
        request.granted(), request.source());
  }

  @GetMapping("/{id}/personal-data")
  @PreAuthorize("hasAuthority('SCOPE_members:erase')")
  @Operation(summary = "Everything Loopline holds on the member, unmasked (MEM-4)")
  java.util.Map<String, Object> personalData(@PathVariable String id) {
    return personalData.export(MemberId.parse(id));
  }

  @PostMapping("/{id}/erasure")
  @PreAuthorize("hasAuthority('SCOPE_members:erase')")
  @Operation(summary = "Erase the member's personal data on request (MEM-4)",
      description = "ids and business records stay; 409 when already erased or merged")
  Member erase(@PathVariable String id, @Valid @RequestBody ErasureRequest request) {
    return personalData.erase(MemberId.parse(id), request.reason());
  }

  record ErasureRequest(@NotBlank @Size(max = 500) String reason) {}

  record MergeRequest(@NotBlank @Size(max = 40) String survivorId,
      @NotBlank @Size(max = 40) String mergedId, @NotBlank @Size(max = 500) String reason) {}

  record ConsentRequest(@NotNull ConsentChannel channel, @NotNull ConsentPurpose purpose,
      @NotNull Boolean granted, @Size(max = 60) String source) {}
}
