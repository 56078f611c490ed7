package io.loopline.member.web;

import io.loopline.member.MemberSummary;
import io.loopline.member.Segment;
import io.loopline.member.Segments;
import io.loopline.platform.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/segments")
@Tag(name = "Segments", description = "Condition trees over members, counts, exports, rule tags (MEM-3)")
class SegmentApi {

  private final Segments segments;

  SegmentApi(Segments segments) {
    this.segments = segments;
  }

  @PostMapping("/preview")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  @Operation(summary = "Count the members a definition matches, without saving it",
      description = "400 names the bad node, e.g. definition.and[1].operator")
  Map<String, Long> preview(@Valid @RequestBody Preview request) {
    return Map.of("count", segments.count(request.definition()));
  }

  @GetMapping("/attributes")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  @Operation(summary = "The attributes a condition can test, with their operators")
  Map<String, List<String>> attributes() {
    return segments.attributes();
  }

  @GetMapping
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  @Operation(summary = "Saved segments")
  List<Segment> all() {
    return segments.all();
  }

  @PostMapping
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Save a segment", description = "409 when the code exists")
  ResponseEntity<Segment> create(@Valid @RequestBody SegmentRequest request) {
    Segment segment = segments.create(request.code(), request.name(), request.definition(),
        request.syncTag());
    return ResponseEntity.created(URI.create("/api/v1/segments/" + segment.code())).body(segment);
  }

  @GetMapping("/{code}")
  @PreAuthorize("hasAuthority('SCOPE_segments:read')")
  @Operation(summary = "One saved segment")
  Segment get(@PathVariable String code) {
    return segments.get(code);
  }

  @PutMapping("/{code}")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Change a saved segment's name, definition or synced tag")
  Segment update(@PathVariable String code, @Valid @RequestBody SegmentRequest request) {
    return segments.update(code, request.name(), request.definition(), request.syncTag());
  }

  @DeleteMapping("/{code}")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Delete a saved segment (its tag stays)")
  ResponseEntity<Void> delete(@PathVariable String code) {
    segments.delete(code);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{code}/members")
  @PreAuthorize("hasAuthority('SCOPE_segments:read') and hasAuthority('SCOPE_members:read')")
  @Operation(summary = "The segment's members, newest first, masked")
  CursorPage<MemberSummary> members(@PathVariable String code,
      @RequestParam(required = false) @Size(max = 40) String cursor,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
    return segments.members(segments.get(code).definition(), cursor, limit);
  }

  @GetMapping(value = "/{code}/export.csv", produces = "text/csv")
  @PreAuthorize("hasAuthority('SCOPE_segments:read') and hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Every member of the segment as CSV (masked)")
  void export(@PathVariable String code, HttpServletResponse response) throws IOException {
    JsonNode definition = segments.get(code).definition();
    CsvDownload.send(response, "segment-" + code + ".csv", out -> segments.export(definition, out));
  }

  @PostMapping("/{code}/sync")
  @PreAuthorize("hasAuthority('SCOPE_segments:write')")
  @Operation(summary = "Bring the segment's rule tag in step with its members now",
      description = "409 when the segment keeps no tag")
  Segments.SyncResult sync(@PathVariable String code) {
    return segments.sync(code);
  }

  record Preview(@NotNull JsonNode definition) {}

  record SegmentRequest(@NotBlank @Size(max = 40) String code,
      @NotBlank @Size(max = 60) String name, @NotNull JsonNode definition,
      @Size(max = 40) String syncTag) {}
}
