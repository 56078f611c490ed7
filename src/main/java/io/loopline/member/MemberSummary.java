package io.loopline.member;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A row of a member list: personal data masked (MEM-4). */
public record MemberSummary(String id, String name, String phone, String email,
    Set<MemberRole> roles, String joinVenue, MemberStatus status, List<String> tags,
    Instant createdAt) {}
