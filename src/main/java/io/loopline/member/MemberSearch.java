package io.loopline.member;

/**
 * Filters of the member list. {@code query} matches a phone or e-mail exactly (any format) or a
 * name by prefix; the others narrow by tag code, role, join venue and status.
 */
public record MemberSearch(String query, String tag, MemberRole role, String venue,
    MemberStatus status) {

  public static MemberSearch all() {
    return new MemberSearch(null, null, null, null, null);
  }
}
