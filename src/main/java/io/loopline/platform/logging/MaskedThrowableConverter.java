package io.loopline.platform.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Stack traces of plain-text logs (SQL errors quote values), with personal data masked. */
public class MaskedThrowableConverter extends ExtendedThrowableProxyConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PersonalDataMask.mask(super.convert(event));
  }
}
