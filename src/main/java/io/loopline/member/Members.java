package io.loopline.member;

import io.loopline.platform.Actor;
import io.loopline.platform.Conflict;
import io.loopline.platform.CursorPage;
import io.loopline.platform.Forbidden;
import io.loopline.platform.InvalidInput;
import io.loopline.platform.NotFound;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members and their identities (MEM-1, MEM-2): register, find-or-register by any identity,
 * read, change, list, merge.
 *
 * <p>Each identity belongs to at most one member. Writers of the same identity are serialised, so
 * fifty channels that see the same phone at once make one member. Store staff and store clients
 * change only members who joined at one of their venues (403 otherwise).
 *
 * <p>The hot one-statement reads join a caller's transaction but open none of their own: under
 * READ COMMITTED each statement has its own snapshot anyway, and no transaction saves the COMMIT
 * round trip.
 */
@Service
@Transactional
public class Members {

  private final MemberRepository repository;
  private final IdentityNormalizer normalizer;
  private final Tags tags;
  private final Consents consents;
  private final MergeLog mergeLog;
  private final Timeline timeline;
  private final ApplicationEventPublisher events;

  Members(MemberRepository repository, IdentityNormalizer normalizer, Tags tags, Consents consents,
      MergeLog mergeLog, Timeline timeline, ApplicationEventPublisher events) {
    this.repository = repository;
    this.normalizer = normalizer;
    this.tags = tags;
    this.consents = consents;
    this.mergeLog = mergeLog;
    this.timeline = timeline;
    this.events = events;
  }

  /** Registers a new member; 409 when one of the identities already belongs to someone. */
  public Member register(NewMember request) {
    List<Identity> identities = normalize(request);
    checkVenue(request.joinVenue());
    repository.lockIdentities(identities);
    for (Identity identity : identities) {
      if (repository.ownerOf(identity).isPresent()) {
        throw new Conflict(identity.type() + " " + identity.masked()
            + " already belongs to a member");
      }
    }
    return create(request, identities);
  }

  /**
   * Finds the member who holds any of the identities, adding the others to them, or registers a
   * new one. Identities held by two different members are a 409: merge them first.
   */
  public Registration findOrRegister(NewMember request) {
    List<Identity> identities = normalize(request);
    repository.lockIdentities(identities);
    Set<Long> owners = new LinkedHashSet<>();
    for (Identity identity : identities) {
      repository.ownerOf(identity).ifPresent(owners::add);
    }
    if (owners.size() > 1) {
      throw new Conflict("these identities belong to different members; merge them first");
    }
    if (owners.isEmpty()) {
      checkVenue(request.joinVenue());
      return new Registration(create(request, identities), true);
    }
    long owner = owners.iterator().next();
    for (Identity identity : identities) {
      if (repository.addIdentity(owner, identity, timeline.now())) {
        timeline.record(owner, "identity-added",
            Map.of("type", identity.type(), "value", identity.masked()));
      }
    }
    return new Registration(load(owner), false);
  }

  /** The member with this id; a merged member's id gives the survivor. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Member get(MemberId id) {
    return load(resolve(id.value()));
  }

  /** The id the member has now (a merged member's id gives the survivor's); 404 when unknown. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public MemberId current(MemberId id) {
    return new MemberId(resolve(id.value()));
  }

  /**
   * The members merged into this one, directly or through others (MEM-1): whose orders and
   * earnings are now this member's.
   */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public List<MemberId> mergedInto(MemberId survivor) {
    return repository.mergedInto(survivor.value()).stream().map(MemberId::new).toList();
  }

  /** {@link #current(MemberId)} of many members at once; unknown ids are left out. */
  @Transactional(readOnly = true)
  public Map<MemberId, MemberId> current(Collection<MemberId> ids) {
    Map<MemberId, MemberId> current = new HashMap<>();
    for (MemberRepository.Row row : repository.rows(ids.stream().map(MemberId::value).toList())) {
      current.put(new MemberId(row.id()),
          new MemberId(row.mergedInto() == null ? row.id() : resolve(row.mergedInto())));
    }
    return current;
  }

  /** The member who holds this identity (given as typed), if any. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<Member> findByIdentity(IdentityInput typed) {
    // A phone typed as stored (E.164) is looked up as it is: a member holding it proves it
    // valid, so only a miss is parsed (an invalid number is a 400, an unknown one no member).
    Optional<Identity> asStored = normalizer.asStored(typed);
    Optional<Member> found = asStored.flatMap(repository::memberHolding);
    if (found.isPresent()) {
      return found;
    }
    Identity identity = normalizer.normalize(typed, "identity");
    return identity.equals(asStored.orElse(null)) ? Optional.empty()
        : repository.memberHolding(identity);
  }

  public Member update(MemberId id, MemberChanges changes) {
    MemberRepository.Row row = writable(id);
    if (changes.joinVenue() != null) {
      checkVenue(changes.joinVenue());
    }
    Set<MemberRole> roles = changes.roles() == null ? row.roles() : withMember(changes.roles());
    Map<String, Object> changed = new LinkedHashMap<>();
    if (changes.name() != null) {
      changed.put("name", Masking.maskName(changes.name()));
    }
    if (changes.birthday() != null) {
      changed.put("birthday", changes.birthday().toString());
    }
    if (changes.gender() != null) {
      changed.put("gender", changes.gender());
    }
    if (changes.roles() != null) {
      changed.put("roles", roles);
    }
    if (changes.joinVenue() != null) {
      changed.put("joinVenue", changes.joinVenue());
    }
    repository.update(row.id(), changes.name() != null ? changes.name() : row.name(),
        changes.birthday() != null ? changes.birthday() : row.birthday(),
        changes.gender() != null ? changes.gender() : row.gender(), roles,
        changes.joinVenue() != null ? changes.joinVenue() : row.joinVenue(), timeline.now());
    timeline.record(row.id(), "profile-changed", changed);
    return load(row.id());
  }

  public Member addIdentity(MemberId id, IdentityInput typed) {
    MemberRepository.Row row = writable(id);
    Identity identity = normalizer.normalize(typed, "identity");
    repository.lockIdentities(List.of(identity));
    Optional<Long> owner = repository.ownerOf(identity);
    if (owner.isPresent() && owner.get() != row.id()) {
      throw new Conflict(identity.type() + " " + identity.masked()
          + " already belongs to another member");
    }
    if (repository.addIdentity(row.id(), identity, timeline.now())) {
      timeline.record(row.id(), "identity-added",
          Map.of("type", identity.type(), "value", identity.masked()));
    }
    return load(row.id());
  }

  public Member removeIdentity(MemberId id, IdentityInput typed) {
    MemberRepository.Row row = writable(id);
    Identity identity = normalizer.normalize(typed, "identity");
    if (!repository.removeIdentity(row.id(), identity)) {
      throw new NotFound("identity", identity.masked());
    }
    timeline.record(row.id(), "identity-removed",
        Map.of("type", identity.type(), "value", identity.masked()));
    return load(row.id());
  }

  /** One page of members, newest first, with personal data masked. */
  @Transactional(readOnly = true)
  public CursorPage<MemberSummary> search(MemberSearch search, String cursor, int limit) {
    if (limit < 1 || limit > 200) {
      throw new InvalidInput("limit", "must be between 1 and 200");
    }
    Optional<Identity> identity = normalizer.guess(search.query());
    List<MemberRepository.Row> rows = repository.search(search, identity,
        MemberRepository.fromCursor(cursor), limit + 1);
    boolean more = rows.size() > limit;
    List<MemberRepository.Row> page = more ? rows.subList(0, limit) : rows;
    String next = more ? MemberRepository.cursor(page.get(page.size() - 1).id()) : null;
    return new CursorPage<>(summariesOf(page), next);
  }

  /** Masked list rows of these members, in the order given. */
  @Transactional(readOnly = true)
  public List<MemberSummary> summaries(List<Long> memberIds) {
    return summariesOf(repository.rows(memberIds));
  }

  private List<MemberSummary> summariesOf(List<MemberRepository.Row> page) {
    List<Long> ids = page.stream().map(MemberRepository.Row::id).toList();
    Map<Long, List<Identity>> identities = repository.identitiesOf(ids);
    Map<Long, List<String>> tagCodes = repository.tagsOf(ids);
    List<MemberSummary> items = new ArrayList<>();
    for (MemberRepository.Row row : page) {
      List<Identity> own = identities.getOrDefault(row.id(), List.of());
      items.add(new MemberSummary(new MemberId(row.id()).toString(),
          Masking.maskName(row.name()), masked(own, IdentityType.PHONE),
          masked(own, IdentityType.EMAIL), row.roles(), row.joinVenue(), row.status(),
          tagCodes.getOrDefault(row.id(), List.of()), row.createdAt()));
    }
    return items;
  }

  /**
   * Merges {@code merged} into {@code survivor} (MEM-1): identities, tags and consents move, roles
   * join, the merge is recorded with who, when and why, and {@link MembersMerged} tells the other
   * modules. A member cannot be merged into itself or into or from a merged or erased member (409).
   */
  public Member merge(MemberId survivor, MemberId merged, String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new InvalidInput("reason", "must be 1 to 500 characters");
    }
    if (survivor.value() == merged.value()) {
      throw new Conflict("a member cannot be merged into itself");
    }
    long first = Math.min(survivor.value(), merged.value());
    long second = Math.max(survivor.value(), merged.value());
    MemberRepository.Row a = repository.lock(first)
        .orElseThrow(() -> new NotFound("member", new MemberId(first).toString()));
    MemberRepository.Row b = repository.lock(second)
        .orElseThrow(() -> new NotFound("member", new MemberId(second).toString()));
    MemberRepository.Row keep = a.id() == survivor.value() ? a : b;
    MemberRepository.Row gone = keep == a ? b : a;
    if (keep.status() != MemberStatus.ACTIVE || gone.status() != MemberStatus.ACTIVE) {
      throw new Conflict("only active members can be merged; "
          + new MemberId(keep.status() != MemberStatus.ACTIVE ? keep.id() : gone.id()) + " is "
          + (keep.status() != MemberStatus.ACTIVE ? keep.status() : gone.status()));
    }
    checkVenueOf(keep);
    checkVenueOf(gone);
    int identities = repository.moveIdentities(gone.id(), keep.id());
    int movedTags = tags.moveAll(gone.id(), keep.id());
    int movedConsents = consents.moveAll(gone.id(), keep.id());
    Set<MemberRole> roles = EnumSet.copyOf(keep.roles());
    roles.addAll(gone.roles());
    repository.update(keep.id(), keep.name() != null ? keep.name() : gone.name(),
        keep.birthday() != null ? keep.birthday() : gone.birthday(),
        keep.gender() != null ? keep.gender() : gone.gender(), roles,
        keep.joinVenue() != null ? keep.joinVenue() : gone.joinVenue(), timeline.now());
    repository.markMerged(gone.id(), keep.id(), timeline.now());
    Map<String, Object> moved = Map.of("identities", identities, "tags", movedTags,
        "consents", movedConsents);
    mergeLog.record(keep.id(), gone.id(), reason, moved);
    timeline.record(keep.id(), "merged-in", Map.of("from", new MemberId(gone.id()).toString(),
        "reason", reason, "moved", moved));
    timeline.record(gone.id(), "merged-into", Map.of("into", new MemberId(keep.id()).toString(),
        "reason", reason));
    events.publishEvent(new MembersMerged(new MemberId(keep.id()).toString(),
        new MemberId(gone.id()).toString(), reason));
    return load(keep.id());
  }

  /** Tags a member by hand (recorded with who and when); a tag they have already is kept once. */
  public Member tag(MemberId id, String tagCode) {
    MemberRepository.Row row = writable(id);
    tags.tag(row.id(), tagCode, TagSource.MANUAL);
    return load(row.id());
  }

  /** Removes a tag; 404 when the member does not have it. */
  public Member untag(MemberId id, String tagCode) {
    MemberRepository.Row row = writable(id);
    if (!tags.untag(row.id(), tagCode)) {
      throw new NotFound("tag " + tagCode + " on member", id.toString());
    }
    return load(row.id());
  }

  /** Records a member's consent answer for a channel and purpose (MEM-4), with history. */
  public List<Consent> setConsent(MemberId id, ConsentChannel channel, ConsentPurpose purpose,
      boolean granted, String source) {
    MemberRepository.Row row = writable(id);
    consents.set(row.id(), channel, purpose, granted, source);
    return consents.of(row.id());
  }

  @Transactional(readOnly = true)
  public List<Consent> consents(MemberId id) {
    return consents.of(resolve(id.value()));
  }

  @Transactional(readOnly = true)
  public List<ConsentChange> consentHistory(MemberId id) {
    return consents.history(resolve(id.value()));
  }

  @Transactional(readOnly = true)
  public List<TimelineEntry> timeline(MemberId id, int limit) {
    return timeline.of(resolve(id.value()), Math.min(Math.max(limit, 1), 500));
  }

  /** The row of an active member the current actor may change; 404, 409 or 403 otherwise. */
  MemberRepository.Row writable(MemberId id) {
    MemberRepository.Row row = repository.lock(resolve(id.value()))
        .orElseThrow(() -> new NotFound("member", id.toString()));
    if (row.status() != MemberStatus.ACTIVE) {
      throw new Conflict("member " + id + " is " + row.status());
    }
    checkVenueOf(row);
    return row;
  }

  /** Follows merges to the surviving member; 404 for an unknown id. */
  long resolve(long id) {
    long current = id;
    for (int hops = 0; hops < 20; hops++) {
      MemberRepository.MergeLink link = repository.mergeLink(current)
          .orElseThrow(() -> new NotFound("member", new MemberId(id).toString()));
      if (link.mergedInto() == null) {
        return current;
      }
      current = link.mergedInto();
    }
    throw new IllegalStateException("merge chain too long for member " + id);
  }

  Member load(long id) {
    return repository.member(id)
        .orElseThrow(() -> new NotFound("member", new MemberId(id).toString()));
  }

  private Member create(NewMember request, List<Identity> identities) {
    long id = repository.insert(request, withMember(request.roles()), timeline.now());
    for (Identity identity : identities) {
      repository.addIdentity(id, identity, timeline.now());
    }
    Map<String, Object> joined = new LinkedHashMap<>();
    if (request.joinChannel() != null) {
      joined.put("channel", request.joinChannel());
    }
    if (request.joinVenue() != null) {
      joined.put("venue", request.joinVenue());
    }
    timeline.record(id, "registered", joined);
    for (String tag : request.tags()) {
      tags.tag(id, tag, TagSource.MANUAL);
    }
    events.publishEvent(new MemberRegistered(new MemberId(id).toString(), request.joinChannel(),
        request.joinVenue()));
    return load(id);
  }

  private List<Identity> normalize(NewMember request) {
    List<Identity> identities = new ArrayList<>();
    List<InvalidInput.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < request.identities().size(); i++) {
      try {
        Identity identity = normalizer.normalize(request.identities().get(i),
            "identities[" + i + "]");
        if (!identities.contains(identity)) {
          identities.add(identity);
        }
      } catch (InvalidInput e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    return identities;
  }

  private static Set<MemberRole> withMember(Set<MemberRole> roles) {
    Set<MemberRole> all = EnumSet.of(MemberRole.MEMBER);
    all.addAll(roles);
    return all;
  }

  private static String masked(List<Identity> identities, IdentityType type) {
    return identities.stream().filter(i -> i.type() == type).map(Identity::masked)
        .findFirst().orElse(null);
  }

  private static void checkVenue(String venue) {
    Actor actor = Actor.current();
    if (actor.limitedToVenues() && !actor.mayActFor(venue)) {
      throw new Forbidden("you may act only for venues " + actor.venues());
    }
  }

  private static void checkVenueOf(MemberRepository.Row row) {
    Actor actor = Actor.current();
    if (actor.limitedToVenues() && !actor.mayActFor(row.joinVenue())) {
      throw new Forbidden("member " + new MemberId(row.id()) + " is not one of your venues' members");
    }
  }
}
