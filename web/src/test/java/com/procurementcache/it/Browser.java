package com.procurementcache.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium of one test class, driven through ChromeDriver: the system's browser and
 * driver (system properties {@code it.chromium} and {@code webdriver.chrome.driver}), given by path
 * so that Selenium never looks for, or downloads, one of its own. Each browser starts with a
 * profile of its own, so no storage survives from another run.
 *
 * <p>Register it with {@code @RegisterExtension}: it starts on first use, gives each test one blank
 * tab, quits after the class, and saves a screenshot and the page source of every tab when a test
 * fails. Pictures go to {@code it.screenshots.dir} (the build's {@code target/screenshots}) as
 * {@code <class>-<name>.png}.
 */
public final class Browser implements BeforeEachCallback, AfterAllCallback, TestWatcher {

  /** How long a page may take to show what a test awaits. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final List<String> HEADLESS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1280,1000");

  private final String prefix;
  private ChromeDriver driver;
  private Path profile;

  /** A browser whose pictures are named after {@code testClass}. */
  public Browser(Class<?> testClass) {
    this.prefix = testClass.getSimpleName();
  }

  /** The driver, for what this class does not wrap; starts the browser if need be. */
  public WebDriver driver() {
    if (driver == null) {
      start();
    }
    return driver;
  }

  /**
   * Opens {@code page} in the current tab, signed in with {@code token} the way a link to the
   * dashboard carries it: in the URL fragment, which never reaches the server.
   */
  public void open(URL page, String token) {
    driver().get(signedIn(page, token));
  }

  /**
   * Opens {@code page} in a new tab from the current one, as a user's "open in new tab" of the
   * page's own would, and switches to it. A tab the page opened starts with a copy of its session
   * storage; the token rides along in the fragment all the same.
   *
   * @return the new tab's handle, for {@link #switchTo}
   */
  public String openTab(URL page, String token) {
    Set<String> before = driver().getWindowHandles();
    script("window.open(arguments[0], '_blank')", signedIn(page, token));
    String tab =
        await(
            "a new tab",
            d -> {
              Set<String> now = new LinkedHashSet<>(d.getWindowHandles());
              now.removeAll(before);
              return now.isEmpty() ? null : now.iterator().next();
            });
    driver.switchTo().window(tab);
    return tab;
  }

  /** The handle of the current tab. */
  public String tab() {
    return driver().getWindowHandle();
  }

  public void switchTo(String tab) {
    driver().switchTo().window(tab);
  }

  /** Closes every tab but {@code tab}, and switches to that one. */
  public void closeTabsBut(String tab) {
    for (String other : driver().getWindowHandles()) {
      if (!other.equals(tab)) {
        driver.switchTo().window(other).close();
      }
    }
    driver.switchTo().window(tab);
  }

  /** Presses {@code keys} in the current tab, as the user's keyboard would. */
  public void press(CharSequence... keys) {
    new Actions(driver()).sendKeys(keys).perform();
  }

  /** Runs {@code javaScript} in the current tab (with {@code arguments}); its result. */
  public Object script(String javaScript, Object... arguments) {
    return ((JavascriptExecutor) driver()).executeScript(javaScript, arguments);
  }

  /**
   * Runs {@code javaScript} in the current tab; it ends by calling its last argument with the
   * result, which this returns.
   */
  public Object asyncScript(String javaScript, Object... arguments) {
    return ((JavascriptExecutor) driver()).executeAsyncScript(javaScript, arguments);
  }

  /** Waits until {@code condition} gives something other than null or false; that. */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, PATIENCE, condition);
  }

  public <T> T await(String what, Duration atMost, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver(), atMost, Duration.ofMillis(100));
    wait.withMessage(() -> "waiting for " + what + " at " + driver.getCurrentUrl());
    return wait.until(condition);
  }

  /** The element of {@code css}, once it is shown. */
  public WebElement visible(String css) {
    return await(
        css + " shown", ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** The element of {@code css}, once its {@code attribute} is {@code value}. */
  public WebElement withAttribute(String css, String attribute, String value) {
    return await(
        css + " with " + attribute + "=\"" + value + "\"",
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(e -> value.equals(e.getDomAttribute(attribute)))
                .findFirst()
                .orElse(null));
  }

  /** Waits until no element of {@code css} is shown. */
  public void hidden(String css) {
    await(css + " hidden", ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
  }

  /** The elements of {@code css} in the current tab, now. */
  public List<WebElement> all(String css) {
    return driver().findElements(By.cssSelector(css));
  }

  /** Saves a picture of the current tab as {@code <class>-<name>.png}; its path. */
  public Path screenshot(String name) {
    Path target = artifact(name + ".png");
    try {
      driver();
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /**
   * Each test starts with one blank tab: the pages of the one before are closed, and with them
   * their sockets.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    if (driver == null) {
      return;
    }
    List<String> tabs = new ArrayList<>(driver.getWindowHandles());
    closeTabsBut(tabs.get(0));
    driver.get("about:blank");
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (driver == null) {
      return;
    }
    String name = context.getRequiredTestMethod().getName();
    List<String> tabs = new ArrayList<>(driver.getWindowHandles());
    for (int i = 0; i < tabs.size(); i++) {
      String label = name + "-failed" + (tabs.size() > 1 ? "-tab" + (i + 1) : "");
      try {
        driver.switchTo().window(tabs.get(i));
        screenshot(label);
        Files.writeString(
            artifact(label + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
      } catch (RuntimeException | IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(Browser::delete);
      }
      profile = null;
    }
  }

  private void start() {
    String binary = System.getProperty("it.chromium", "/usr/bin/chromium");
    String chromeDriver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    try {
      profile = Files.createTempDirectory("chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(HEADLESS);
    options.addArguments("--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromeDriver))
            .withLogFile(artifact("chromedriver.log").toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
  }

  private Path artifact(String name) {
    try {
      return Files.createDirectories(screenshots()).resolve(prefix + "-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path screenshots() {
    return Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
  }

  private static String signedIn(URL page, String token) {
    String url = page.toString();
    int hash = url.indexOf('#');
    return (hash < 0 ? url : url.substring(0, hash)) + "#token=" + token;
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A file the browser still held: the build's clean removes it.
    }
  }
}
