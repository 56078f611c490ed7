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

  public static final Set<String> ALL = Set.of(MEMBERS_READ, MEMBERS_WRITE, MEMBERS_MERGE,
      MEMBERS_ERASE, TAGS_WRITE, SEGMENTS_READ, SEGMENTS_WRITE, IMPORTS_WRITE, CONSENTS_WRITE,
      CLIENTS_ADMIN, POINTS_READ, POINTS_WRITE);

  private Scope() {}
}
