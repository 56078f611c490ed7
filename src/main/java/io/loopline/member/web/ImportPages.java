package io.loopline.member.web;

import io.loopline.member.MemberImports;
import io.loopline.platform.InvalidInput;
import java.io.IOException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Console pages: upload a member CSV, watch the import run, read its error report. */
@Controller
class ImportPages {

  private final MemberImports imports;

  ImportPages(MemberImports imports) {
    this.imports = imports;
  }

  @GetMapping("/console/imports")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  String list(Model model) {
    model.addAttribute("jobs", imports.recent(20));
    return "console/imports";
  }

  @PostMapping("/console/imports")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  String upload(@RequestParam("file") MultipartFile file, Model model) throws IOException {
    try {
      return "redirect:/console/imports/"
          + imports.start(file.getOriginalFilename(), file.getBytes()).id();
    } catch (InvalidInput e) {
      model.addAttribute("error", e.getMessage());
      return list(model);
    }
  }

  @GetMapping("/console/imports/{id}")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  String job(@PathVariable String id, @RequestParam(required = false) Long after, Model model) {
    model.addAttribute("job", imports.get(id));
    model.addAttribute("errors", imports.errors(id, after, 100));
    return "console/import";
  }

  /** The progress box, polled by htmx while the import runs. */
  @GetMapping("/console/imports/{id}/progress")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  String progress(@PathVariable String id, Model model) {
    model.addAttribute("job", imports.get(id));
    return "console/import :: progress";
  }
}
