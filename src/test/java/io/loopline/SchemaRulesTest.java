package io.loopline;

import static org.assertj.core.api.Assertions.assertThat;

import io.loopline.support.LooplineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scale plan stays possible (DESIGN.md): every member-scoped table can be distributed by
 * member_id with Citus — member_id in the primary key and every unique constraint, and foreign
 * keys between member-scoped tables carry member_id.
 */
class SchemaRulesTest extends LooplineTest {
  // member.member itself is distributed by its id, the member_id of every other table.

  /** Tables that hold member_id but are distributed by another key, with the reason. */
  private static final Map<String, String> DISTRIBUTED_OTHERWISE = Map.of(
      "member.identity", "lookup table distributed by the identity value (phone → member)");

  @Autowired
  JdbcClient jdbc;

  @Test
  void member_scoped_tables_lead_their_keys_with_member_id() {
    List<String> scoped = jdbc.sql("""
        select table_schema || '.' || table_name from information_schema.columns
         where column_name = 'member_id' and table_schema not in ('pg_catalog', 'information_schema')
        """).query(String.class).list();
    assertThat(scoped).contains("member.member_tag", "member.consent", "member.member_event");

    List<String> violations = jdbc.sql("""
        select c.conrelid::regclass::text || ' ' || c.conname
          from pg_constraint c
          join pg_attribute a on a.attrelid = c.conrelid and a.attname = 'member_id'
         where c.contype in ('p', 'u') and not (a.attnum = any(c.conkey))
        """).query(String.class).list().stream()
        .filter(v -> !DISTRIBUTED_OTHERWISE.containsKey(v.split(" ")[0]))
        .toList();
    assertThat(violations).isEmpty();

    List<String> withoutKey = jdbc.sql("""
        select t.table_schema || '.' || t.table_name from information_schema.tables t
         where exists (select 1 from information_schema.columns c where c.table_schema = t.table_schema
                          and c.table_name = t.table_name and c.column_name = 'member_id')
           and not exists (select 1 from pg_constraint p
                            where p.conrelid = (t.table_schema || '.' || t.table_name)::regclass
                              and p.contype = 'p')
        """).query(String.class).list();
    assertThat(withoutKey).isEmpty();

    List<String> crossMember = jdbc.sql("""
        select c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text
          from pg_constraint c
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         where c.contype = 'f' and c.confrelid = 'member.member'::regclass
           and (a.attname <> 'member_id'
                or c.conrelid::regclass::text = any(:otherwise))
        """).param("otherwise", DISTRIBUTED_OTHERWISE.keySet().toArray(String[]::new))
        .query(String.class).list();
    assertThat(crossMember).as("foreign keys that join two members, or join a member to a table"
        + " distributed by another key").isEmpty();

    List<String> foreignKeys = jdbc.sql("""
        select c.conrelid::regclass::text || ' -> ' || c.confrelid::regclass::text
          from pg_constraint c
          join pg_attribute a on a.attrelid = c.conrelid and a.attname = 'member_id'
          join pg_attribute b on b.attrelid = c.confrelid and b.attname = 'member_id'
         where c.contype = 'f' and not (a.attnum = any(c.conkey))
        """).query(String.class).list();
    assertThat(foreignKeys).isEmpty();
  }
}
