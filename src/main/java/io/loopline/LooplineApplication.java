package io.loopline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/** Loopline: members, loyalty and the closed service loop of a service brand, in one deployable. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "platform")
public class LooplineApplication {

  public static void main(String[] args) {
    SpringApplication.run(LooplineApplication.class, args);
  }
}
