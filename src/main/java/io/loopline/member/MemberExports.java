package io.loopline.member;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.loopline.platform.CursorPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members as CSV in the import format, so an export imports back unchanged. Personal data is
 * masked unless the caller may see it in clear; rows are read a page at a time.
 */
@Service
public class MemberExports {

  private final Members members;
  private final MemberRepository repository;

  MemberExports(Members members, MemberRepository repository) {
    this.members = members;
    this.repository = repository;
  }

  @Transactional(readOnly = true)
  public void export(MemberSearch search, boolean clear, Writer out) {
    CsvWriter csv = CsvWriter.builder().build(out);
    csv.writeRecord(MemberCsv.COLUMNS);
    String cursor = null;
    do {
      CursorPage<MemberSummary> page = members.search(search, cursor, 200);
      List<Long> ids = page.items().stream().map(s -> MemberId.parse(s.id()).value()).toList();
      Map<Long, MemberRepository.Row> rows = repository.rows(ids).stream()
          .collect(Collectors.toMap(MemberRepository.Row::id, r -> r));
      Map<Long, List<Identity>> identities = repository.identitiesOf(ids);
      Map<Long, List<String>> tags = repository.tagsOf(ids);
      for (Long id : ids) {
        MemberRepository.Row r = rows.get(id);
        List<Identity> own = identities.getOrDefault(id, List.of());
        csv.writeRecord(
            value(own, IdentityType.PHONE, clear), value(own, IdentityType.EMAIL, clear),
            clear ? nz(r.name()) : nz(Masking.maskName(r.name())),
            clear && r.birthday() != null ? r.birthday().toString() : "",
            r.gender() == null ? "" : r.gender().name(),
            r.roles().stream().map(Enum::name).sorted().collect(Collectors.joining("|")),
            nz(r.joinChannel()), nz(r.joinVenue()), String.join("|", tags.getOrDefault(id, List.of())),
            value(own, IdentityType.WECHAT_OPENID, clear), scope(own, IdentityType.WECHAT_OPENID),
            value(own, IdentityType.WECHAT_UNIONID, clear), value(own, IdentityType.EXTERNAL, clear),
            scope(own, IdentityType.EXTERNAL));
      }
      cursor = page.next();
    } while (cursor != null);
    try {
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String value(List<Identity> identities, IdentityType type, boolean clear) {
    return identities.stream().filter(i -> i.type() == type).findFirst()
        .map(i -> clear ? i.value() : i.masked()).orElse("");
  }

  private static String scope(List<Identity> identities, IdentityType type) {
    return identities.stream().filter(i -> i.type() == type).findFirst()
        .map(Identity::scope).orElse("");
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
