package io.loopline.member.web;

import io.loopline.member.Tag;
import io.loopline.member.TagGroup;
import io.loopline.member.TagSource;
import io.loopline.member.Tags;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@io.swagger.v3.oas.annotations.tags.Tag(name = "Tags", description = "The tag catalogue (MEM-3)")
class TagApi {

  private final Tags tags;

  TagApi(Tags tags) {
    this.tags = tags;
  }

  @GetMapping("/tags")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Every tag with its group and how many members carry it")
  List<Tag> all() {
    return tags.all();
  }

  @GetMapping("/tags/{code}")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "One tag")
  Tag get(@PathVariable String code) {
    return tags.get(code);
  }

  @PostMapping("/tags")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Add a tag to the catalogue", description = "409 when the code exists")
  ResponseEntity<Tag> create(@Valid @RequestBody NewTag request) {
    Tag tag = tags.create(request.code(), request.name(), request.group(), request.kind());
    return ResponseEntity.created(URI.create("/api/v1/tags/" + tag.code())).body(tag);
  }

  @GetMapping("/tag-groups")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Tag groups")
  List<TagGroup> groups() {
    return tags.groups();
  }

  @PostMapping("/tag-groups")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Add a tag group", description = "409 when the code exists")
  ResponseEntity<TagGroup> createGroup(@Valid @RequestBody NewGroup request) {
    TagGroup group = tags.createGroup(request.code(), request.name());
    return ResponseEntity.created(URI.create("/api/v1/tag-groups/" + group.code())).body(group);
  }

  record NewTag(@NotBlank @Size(max = 40) String code, @NotBlank @Size(max = 60) String name,
      @Size(max = 40) String group, TagSource kind) {}

  record NewGroup(@NotBlank @Size(max = 40) String code, @NotBlank @Size(max = 60) String name) {}
}
