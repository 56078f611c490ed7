package io.loopline.member;

import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Set;

/** A partial update of a profile: absent (null) fields stay as they are. */
public record MemberChanges(
    @Size(min = 1, max = 100) String name,
    @Past LocalDate birthday,
    Gender gender,
    Set<MemberRole> roles,
    @Size(max = 40) String joinVenue) {}
