package io.loopline.platform.security;

import java.util.Set;

/** API scopes; an operation names the one it needs as {@code hasAuthority('SCOPE_members:read')}. */
public final class Scope {

  public static final String MEMBERS_READ = "members:read";
  public static final String MEMBERS_WRITE = "members:write";
  public static final String MEMBERS_MERGE = "members:merge";
  public static final String MEMBERS_ERASE = "members:erase";
  public static final String TAGS_WRITE = "tags:write";
  public static final String SEGMENTS_READ = "segments:read";
  public static final String SEGMENTS_WRITE = "segments:write";
  public static final String IMPORTS_WRITE = "imports:write";
  public static final String CONSENTS_WRITE = "consents:write";
  public static final String CLIENTS_ADMIN = "clients:admin";
  public static final String POINTS_READ = "points:read";
  public static final String POINTS_WRITE = "points:write";
  /** Corrections of a member's points by an operator, with a reason (ADMIN only). */
  public static final String POINTS_ADJUST = "points:adjust";
  /** Editing earning rules, tiers, benefits and rewards. */
  public static final String LOYALTY_ADMIN = "loyalty:admin";

  public static final Set<String> ALL = Set.of(MEMBERS_READ, MEMBERS_WRITE, MEMBERS_MERGE,
      MEMBERS_ERASE, TAGS_WRITE, SEGMENTS_READ, SEGMENTS_WRITE, IMPORTS_WRITE, CONSENTS_WRITE,
      CLIENTS_ADMIN, POINTS_READ, POINTS_WRITE, POINTS_ADJUST, LOYALTY_ADMIN);

  private Scope() {}
}
