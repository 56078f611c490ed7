/**
 * The shared kernel every module stands on: public ids, problems (RFC 9457), idempotency,
 * security (console users, API clients, member portal sign-in), durable jobs, messages, web shell.
 */
@ApplicationModule(displayName = "Platform", type = ApplicationModule.Type.OPEN)
package io.loopline.platform;

import org.springframework.modulith.ApplicationModule;
