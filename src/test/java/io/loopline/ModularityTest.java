package io.loopline;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {

  private final ApplicationModules modules = ApplicationModules.of(LooplineApplication.class);

  @Test
  void modules_keep_their_boundaries() {
    modules.verify();
  }

  @Test
  void module_documentation_is_written() {
    new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
  }
}
