package io.loopline.member.web;

import io.loopline.member.ImportError;
import io.loopline.member.ImportJob;
import io.loopline.member.MemberExports;
import io.loopline.member.MemberImports;
import io.loopline.member.MemberRole;
import io.loopline.member.MemberSearch;
import io.loopline.member.MemberStatus;
import io.loopline.platform.CursorPage;
import io.loopline.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Member import and export", description = "CSV in and out (MEM-1)")
class MemberImportApi {

  private final MemberImports imports;
  private final MemberExports exports;

  MemberImportApi(MemberImports imports, MemberExports exports) {
    this.imports = imports;
    this.exports = exports;
  }

  @PostMapping(path = "/api/v1/member-imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  @Operation(summary = "Upload a member CSV; it is imported by a background job",
      description = "202 with the job. Columns: phone,email,name,birthday,gender,roles,"
          + "join_channel,join_venue,tags,wechat_openid,wechat_app,wechat_unionid,external_id,"
          + "external_channel (header required, any order, roles and tags separated by |). "
          + "400 for an empty file or an unknown column. At most 64 MiB.")
  ResponseEntity<ImportJob> upload(@RequestPart("file") MultipartFile file) throws IOException {
    if (file == null || file.isEmpty()) {
      throw new InvalidInput("file", "is empty");
    }
    ImportJob job = imports.start(file.getOriginalFilename(), file.getBytes());
    return ResponseEntity.accepted().location(URI.create("/api/v1/member-imports/" + job.id()))
        .body(job);
  }

  @GetMapping("/api/v1/member-imports")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  @Operation(summary = "Recent imports")
  List<ImportJob> recent() {
    return imports.recent(50);
  }

  @GetMapping("/api/v1/member-imports/{id}")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  @Operation(summary = "An import's status and counts")
  ImportJob get(@PathVariable String id) {
    return imports.get(id);
  }

  @GetMapping("/api/v1/member-imports/{id}/errors")
  @PreAuthorize("hasAuthority('SCOPE_imports:write')")
  @Operation(summary = "The rows an import refused, by line, with the reason")
  CursorPage<ImportError> errors(@PathVariable String id,
      @RequestParam(required = false) @Min(0) Long cursor,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    return imports.errors(id, cursor, limit);
  }

  @GetMapping(path = "/api/v1/members/export.csv", produces = "text/csv")
  @PreAuthorize("hasAuthority('SCOPE_members:read')")
  @Operation(summary = "Members as CSV in the import format",
      description = "Personal data in clear only for ADMIN users and clients with members:erase; "
          + "masked otherwise")
  void export(@RequestParam(required = false) @Size(max = 100) String q,
      @RequestParam(required = false) @Size(max = 40) String tag,
      @RequestParam(required = false) MemberRole role,
      @RequestParam(required = false) @Size(max = 40) String venue,
      @RequestParam(required = false) MemberStatus status,
      Authentication caller, HttpServletResponse response) throws IOException {
    boolean clear = caller.getAuthorities().stream().anyMatch(a ->
        a.getAuthority().equals("ROLE_ADMIN") || a.getAuthority().equals("SCOPE_members:erase"));
    CsvDownload.send(response, "members.csv",
        out -> exports.export(new MemberSearch(q, tag, role, venue, status), clear, out));
  }
}
