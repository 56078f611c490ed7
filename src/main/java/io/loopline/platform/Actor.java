package io.loopline.platform;

import java.security.Principal;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting: a console user, a channel's API client, a member in the portal, or the system
 * itself (jobs). Recorded on every change; {@code venues} limits a store's staff or client to its
 * own venues (empty = not limited).
 */
public record Actor(Kind kind, String id, String name, Set<String> venues) implements Principal {

  public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "system", "system", Set.of());

  public enum Kind { USER, CLIENT, MEMBER, SYSTEM }

  public Actor {
    venues = venues == null ? Set.of() : Set.copyOf(venues);
  }

  /** The actor of the current request, or {@link #SYSTEM} outside one. */
  public static Actor current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null) {
      return SYSTEM;
    }
    if (auth.getPrincipal() instanceof Actor actor) {
      return actor;
    }
    if (auth.getPrincipal() instanceof ActorHolder holder) {
      return holder.actor();
    }
    return SYSTEM;
  }

  /** True when this actor may act for the venue; staff without venues act for none. */
  public boolean mayActFor(String venue) {
    if (!limitedToVenues()) {
      return true;
    }
    return venue != null && venues.contains(venue);
  }

  /** Store staff and store clients act only for their venues. */
  public boolean limitedToVenues() {
    return !venues.isEmpty();
  }

  /** How the actor is written into history rows: {@code user:alice}, {@code client:pos-12}. */
  public String label() {
    return kind.name().toLowerCase() + ":" + name;
  }

  @Override
  public String getName() {
    return label();
  }

  /** A principal that knows its actor (the console's signed-in user). */
  public interface ActorHolder {
    Actor actor();
  }
}
