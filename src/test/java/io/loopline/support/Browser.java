package io.loopline.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by its own chromedriver (never a downloaded one), with the
 * flags that keep it off the network. Screenshots go to {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

  private final ChromeDriver driver;
  private final String base;
  private final Path profile;

  public Browser(int port) {
    try {
      this.profile = Files.createTempDirectory("loopline-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
          "--window-size=1280,900", "--lang=zh-CN", "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary",
              "/usr/bin/chromedriver")).toFile())
          .usingAnyFreePort()
          .build();
      this.driver = new ChromeDriver(service, options);
      this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      this.base = "http://localhost:" + port;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Browser open(String path) {
    driver.get(base + path);
    return this;
  }

  public WebElement find(String css) {
    return waitFor(css);
  }

  public WebElement waitFor(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until the element's text contains the given text. */
  public void waitForText(String css, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  public Browser type(String css, String text) {
    WebElement input = find(css);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  public Browser click(String css) {
    find(css).click();
    return this;
  }

  public String text(String css) {
    return find(css).getText();
  }

  public String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  public String url() {
    return driver.getCurrentUrl();
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Saves a PNG of the page under target/screenshots and returns its path. */
  public Path screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs in to the console through the real form. */
  public Browser signIn(String username, String password) {
    open("/login");
    type("#username", username);
    type("#password", password);
    click("#sign-in");
    waitFor("header.top");
    return this;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temp folder harms nothing
    }
  }
}
