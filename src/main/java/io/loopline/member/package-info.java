/**
 * Members (MEM-1..4): one member across channels with their identities, roles, tags, segments,
 * consents; merge, personal-data export and erasure.
 */
@ApplicationModule(displayName = "Members")
package io.loopline.member;

import org.springframework.modulith.ApplicationModule;
