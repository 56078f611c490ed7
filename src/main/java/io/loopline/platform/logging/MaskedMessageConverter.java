package io.loopline.platform.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %m} of plain-text logs, with personal data masked. */
public class MaskedMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PersonalDataMask.mask(super.convert(event));
  }
}
