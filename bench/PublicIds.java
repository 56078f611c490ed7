import io.loopline.platform.PublicId;

/** Prints the public member ids of a range of database ids, one per line, for the wrk scripts. */
public class PublicIds {
  public static void main(String[] args) {
    long first = Long.parseLong(args[0]);
    long count = Long.parseLong(args[1]);
    StringBuilder out = new StringBuilder();
    for (long id = first; id < first + count; id++) {
      out.append(PublicId.of("mbr", id)).append('\n');
    }
    System.out.print(out);
  }
}
