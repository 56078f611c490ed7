import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Member lookup by phone over the real API: N concurrent clients, keep-alive, for a fixed time
 * after a warm-up; prints throughput and p50/p90/p99/max in milliseconds.
 * Args: baseUrl firstId count clients seconds warmupSeconds
 */
public class MemberLookupBench {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    long first = Long.parseLong(args[1]);
    long count = Long.parseLong(args[2]);
    int clients = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    String auth = "Basic " + Base64.getEncoder().encodeToString(
        "admin:admin123".getBytes(StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Recorder recorder = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        while (true) {
          long now = System.nanoTime();
          if (now > end) {
            return;
          }
          long id = first + ThreadLocalRandom.current().nextLong(count);
          String phone = "+86188" + String.format("%08d", id);
          HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/members/lookup"))
              .header("Authorization", auth).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"type\":\"PHONE\",\"value\":\"" + phone + "\"}"))
              .build();
          long start = System.nanoTime();
          try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          long took = System.nanoTime() - start;
          if (start > warmEnd) {
            recorder.recordValue(took / 1000);
          }
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    Histogram h = recorder.getIntervalHistogram();
    System.out.printf("lookup: clients=%d seconds=%d requests=%d errors=%d tps=%.0f "
            + "p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
        clients, seconds, h.getTotalCount(), errors.get(), h.getTotalCount() / (double) seconds,
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
  }
}
