/**
 * Loyalty (PTS, TIER): the points ledger first — append-only entries with their causes, lots that
 * are spent nearest-expiry first, a balance that always equals the ledger.
 */
@ApplicationModule(displayName = "Loyalty")
package io.loopline.loyalty;

import org.springframework.modulith.ApplicationModule;
