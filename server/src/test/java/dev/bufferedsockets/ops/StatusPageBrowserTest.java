package dev.bufferedsockets.ops;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.Actuator;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver (never a downloaded browser or driver). It signs in through the page's
 * own form, sees a connected client appear, and flips keepRunning with the page's button, checking
 * the page and the real TCP listener both change; a viewer sees the state but no button.
 * Screenshots go to {@code target/screenshots/}.
 *
 * <p>Without Chromium the test is skipped with a reason, except on CI, where {@code .ci/run}
 * installs it and its absence is a failure.
 */
@ServerTest
class StatusPageBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** The chart's height in its SVG viewBox; a rate of zero is drawn just above it. */
	private static final double CHART_BASELINE = 120;

	@TempDir
	static Path profile;

	private static WebDriver browser;

	@Autowired
	private Actuator actuator;

	@Autowired
	private BufferedServer server;

	private BufferedClient client;

	private WebDriverWait wait;

	@BeforeAll
	static void startBrowser() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && "true".equals(System.getenv("CI"))) {
			fail("CI must have " + CHROMIUM + " and " + CHROMEDRIVER + ": .ci/run installs them with apt-get");
		}
		assumeTrue(installed, () -> "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM
				+ ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// As root in a container, on a machine with no network but loopback: no sandbox, GPU or background calls.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1100,900", "--user-data-dir=" + profile.toAbsolutePath());
		// An explicit driver and binary: Selenium Manager has nothing to look up or download.
		ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(driver, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void openThePage() {
		this.wait = new WebDriverWait(browser, WAIT);
		browser.get(pageUrl());
		this.wait.until(ExpectedConditions.textToBe(By.id("service-status"), "UP"));
	}

	/** @return where the status page is: beside the actuator, on the main HTTP port here */
	protected String pageUrl() {
		return this.actuator.url("/");
	}

	@AfterEach
	void restore() {
		if (this.client != null) {
			this.client.shutdown();
		}
	}

	@Test
	void showsNothingButTheSignInFormAndPublicHealthBeforeSigningIn() {
		assertThat(browser.findElement(By.id("login-form")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.id("details")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("toggle")).isDisplayed()).isFalse();
		assertThat(browser.findElements(By.cssSelector("#connections tr"))).isEmpty();
		assertThat(browser.getPageSource()).doesNotContain(ServerTest.PASSWORD);
	}

	@Test
	void wrongPasswordIsRefusedAndRevealsNothing() {
		signIn(ServerTest.USER, "not-the-password");

		this.wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong user or password."));
		assertThat(browser.findElement(By.id("details")).isDisplayed()).isFalse();
		assertThat(browser.findElements(By.cssSelector("#connections tr"))).isEmpty();
		assertThat(this.server.isListening()).isTrue();
	}

	@Test
	void operatorSeesAConnectedClientAndFlipsTheListenerOffAndOn() throws Exception {
		this.client = new BufferedClient("127.0.0.1", this.server.getPort(), 1024);
		this.client.sendMessage("0123456789 seen by the page");
		assertThat(this.client.receiveMessage()).isEqualTo(new ReceivedMessage(" seen by the page", true));

		signIn(ServerTest.USER, ServerTest.PASSWORD);
		this.wait.until(ExpectedConditions.textToBe(By.id("signed-in-as"), ServerTest.USER + " (operator)"));
		assertThat(browser.findElement(By.id("viewer-note")).isDisplayed()).isFalse();

		By ourRow = By.cssSelector("#connections tr[data-remote-port='" + this.client.localPort() + "']");
		WebElement row = this.wait.until(ExpectedConditions.visibilityOfElementLocated(ourRow));
		assertThat(row.getText()).startsWith("127.0.0.1:" + this.client.localPort());
		assertThat(text("listener-state")).isEqualTo("listening");
		assertThat(text("address")).isEqualTo("127.0.0.1:" + this.server.getPort());
		assertThat(text("keep-running")).isEqualTo("true");
		for (int i = 0; i < 20; i++) {
			this.client.sendMessage("0123456789 frame " + i);
			assertThat(this.client.receiveMessage().ok()).isTrue();
		}
		this.wait.until((page) -> chartShowsTraffic());
		this.wait.until(ExpectedConditions.textMatches(By.cssSelector("#connections tr[data-remote-port='"
				+ this.client.localPort() + "'] td:nth-child(3)"), Pattern.compile("^21$")));
		screenshot(getClass().getSimpleName() + ".png");

		click("toggle");

		this.wait.until(ExpectedConditions.textToBe(By.id("listener-state"), "stopped"));
		assertThat(text("keep-running")).isEqualTo("false");
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(ourRow));
		this.wait.until(ExpectedConditions.textToBe(By.id("service-status"), "OUT_OF_SERVICE"));
		assertThat(this.server.isKeepRunning()).isFalse();
		assertThat(this.server.isListening()).isFalse();
		assertThat(refusesConnections()).as("the TCP port refuses new clients").isTrue();
		assertThat(this.client.receiveMessage().ok()).as("the connected client was closed").isFalse();
		screenshot(getClass().getSimpleName() + "-stopped.png");

		click("toggle");

		this.wait.until(ExpectedConditions.textToBe(By.id("listener-state"), "listening"));
		assertThat(text("keep-running")).isEqualTo("true");
		assertThat(this.server.isListening()).isTrue();
		try (BufferedClient fresh = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
			fresh.sendMessage("0123456789 back again");
			assertThat(fresh.receiveMessage()).isEqualTo(new ReceivedMessage(" back again", true));
		}
	}

	@Test
	void viewerSeesTheListenerButNoSwitch() throws Exception {
		signIn(ServerTest.VIEWER, ServerTest.VIEWER_PASSWORD);

		this.wait.until(ExpectedConditions.textToBe(By.id("listener-state"), "listening"));
		assertThat(text("keep-running")).isEqualTo("true");
		assertThat(text("signed-in-as")).isEqualTo(ServerTest.VIEWER + " (viewer)");
		assertThat(browser.findElement(By.id("toggle")).isDisplayed()).as("the keepRunning button").isFalse();
		assertThat(browser.findElement(By.id("viewer-note")).isDisplayed()).isTrue();
		assertThat(this.server.isKeepRunning()).isTrue();
		screenshot(getClass().getSimpleName() + "-viewer.png");
	}

	/** The chart keeps a minute of rates: a point above its baseline means a rate above zero was drawn. */
	private static boolean chartShowsTraffic() {
		String points = browser.findElement(By.id("frames-line")).getAttribute("points");
		return points != null && Arrays.stream(points.trim().split("\\s+"))
			.filter((point) -> point.contains(","))
			.mapToDouble((point) -> Double.parseDouble(point.substring(point.indexOf(',') + 1)))
			.anyMatch((y) -> y < CHART_BASELINE / 2);
	}

	private void signIn(String user, String password) {
		browser.findElement(By.id("user")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		click("sign-in-button");
	}

	private void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	private String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private boolean refusesConnections() {
		try (Socket socket = new Socket("127.0.0.1", this.server.getPort())) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
