package io.loopline.member.web;

import io.loopline.member.Segment;
import io.loopline.member.Segments;
import io.loopline.member.TagSource;
import io.loopline.member.Tags;
import io.loopline.platform.Conflict;
import io.loopline.platform.InvalidInput;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Console pages for the tag catalogue and the segment builder with its live count. */
@Controller
class SegmentPages {

  private final Segments segments;
  private final Tags tags;
  private final JsonMapper json;

  SegmentPages(Segments segments, Tags tags, JsonMapper json) {
    this.segments = segments;
    this.tags = tags;
    this.json = json;
  }

  @GetMapping("/console/tags")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  String tags(Model model) {
    model.addAttribute("groups", tags.groups());
    model.addAttribute("tags", tags.all());
    return "console/tags";
  }

  @PostMapping("/console/tags")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  String createTag(@RequestParam String code, @RequestParam String name,
      @RequestParam(required = false) String group, Model model) {
    try {
      tags.create(code.trim(), name.trim(), group, TagSource.MANUAL);
      return "redirect:/console/tags";
    } catch (InvalidInput | Conflict e) {
      model.addAttribute("error", e.getMessage());
      return tags(model);
    }
  }

  @PostMapping("/console/tag-groups")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  String createGroup(@RequestParam String code, @RequestParam String name, Model model) {
    try {
      tags.createGroup(code.trim(), name.trim());
      return "redirect:/console/tags";
    } catch (InvalidInput | Conflict e) {
      model.addAttribute("error", e.getMessage());
      return tags(model);
    }
  }

  @GetMapping("/console/segments")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  String list(Model model) {
    model.addAttribute("segments", segments.all());
    return "console/segments";
  }

  @GetMapping("/console/segments/new")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  String builder(Model model) {
    return builder(new SegmentForm(), false, model);
  }

  @GetMapping("/console/segments/{code}")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  String edit(@PathVariable String code, Model model) {
    Segment segment = segments.get(code);
    SegmentForm form = new SegmentForm();
    form.setCode(segment.code());
    form.setName(segment.name());
    form.setSyncTag(segment.syncedTag() == null ? "" : segment.syncedTag());
    form.setJson(json.writerWithDefaultPrettyPrinter().writeValueAsString(segment.definition()));
    model.addAttribute("count", segments.count(segment.definition()));
    return builder(form, true, model);
  }

  /** The live count under the builder, re-rendered by htmx as conditions change. */
  @PostMapping("/console/segments/count")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  String count(@ModelAttribute SegmentForm form, Model model) {
    try {
      model.addAttribute("count", segments.count(form.definition(json)));
    } catch (InvalidInput e) {
      model.addAttribute("error", e.getMessage());
    }
    return "console/segment-builder :: count";
  }

  @PostMapping("/console/segments")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  String save(@ModelAttribute SegmentForm form, @RequestParam(defaultValue = "false") boolean existing,
      Model model) {
    try {
      var definition = form.definition(json);
      String syncTag = form.getSyncTag() == null || form.getSyncTag().isBlank() ? null
          : form.getSyncTag().trim();
      Segment saved = existing
          ? segments.update(form.getCode(), form.getName(), definition, syncTag)
          : segments.create(form.getCode().trim(), form.getName().trim(), definition, syncTag);
      return "redirect:/console/segments/" + saved.code();
    } catch (InvalidInput | Conflict e) {
      model.addAttribute("error", e.getMessage());
      return builder(form, existing, model);
    }
  }

  @GetMapping(value = "/console/segments/{code}/export.csv", produces = "text/csv")
  @PreAuthorize("hasAuthority('SCOPE_segments:read') and hasAuthority('SCOPE_members:read')")
  void export(@PathVariable String code, jakarta.servlet.http.HttpServletResponse response)
      throws java.io.IOException {
    var definition = segments.get(code).definition();
    CsvDownload.send(response, "segment-" + code + ".csv", out -> segments.export(definition, out));
  }

  private String builder(SegmentForm form, boolean existing, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("rows", form.rows());
    model.addAttribute("existing", existing);
    model.addAttribute("attributes", segments.attributes());
    return "console/segment-builder";
  }
}
