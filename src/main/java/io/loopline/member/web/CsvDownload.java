package io.loopline.member.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Streams a CSV attachment (UTF-8) to the response as it is written. */
final class CsvDownload {

  private CsvDownload() {}

  static void send(HttpServletResponse response, String fileName, Consumer<Writer> body)
      throws IOException {
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    body.accept(out);
    out.flush();
  }
}
