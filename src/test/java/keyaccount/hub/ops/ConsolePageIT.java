package keyaccount.hub.ops;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operators' page in a real browser (Debian's headless Chromium): an operator signs in through
 * the form, sees routes, a breached form, its alarm and the dead letters with their HubError, and
 * replays one and discards another by clicking; a viewer sees the same without the buttons.
 */
class ConsolePageIT extends HubIntegrationTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;
    @Autowired
    CustomerSync customerSync;
    @Autowired
    DeadlineAlarms deadlineAlarms;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver;"
                        + " .ci/run installs them): skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1600, 1400));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // pages replace their elements (the sign-in redirect, the 10 s refresh): look again, do not fail
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSeesTheHubAndActsOnDeadLettersWhileAViewerOnlyLooks() throws Exception {
        HubHttp http = new HubHttp(port);
        // a ticket whose deadline (grade A, DDN: 2 h) has passed, and its breach alarm
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明市公安局", "10", null, false, "1");
        customerSync.sync();
        Recorder replies = broker.recordQueue(Queues.CC_FAULT_REPLY);
        String reportNo = FaultMessages.reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, FaultMessages.report(reportNo, cust, "KM-DDN-77", "DDN", T0, "UTF-8"));
        String ticketNo = FaultMessages.tag(replies.await(bodyContains(reportNo)).body(), "TicketNo");
        clock.set(T0.plus(Duration.ofHours(3)));
        deadlineAlarms.check();

        // two messages the call center garbled
        String garbled = "<FaultReport>garbled " + FaultMessages.unique();
        String training = "<FaultReport>training desk " + FaultMessages.unique();
        broker.sendText(Queues.CC_FAULT_REPORT, garbled);
        broker.sendText(Queues.CC_FAULT_REPORT, training);

        signIn("operator", "operator");
        WebElement route = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#routes tr[data-route-id='cc-fault-report-in']")));
        assertThat(route.getText()).contains("cc-fault-report-in", "Started");
        // the file sources run only inside a consolidation: idle between runs, not shown as broken
        assertThat(find("#routes tr[data-route-id='billing-revenue-file-in']").getText()).contains("Idle (runs nightly)");

        WebElement ticket = find("#open-forms tr[data-form-no='" + ticketNo + "']");
        assertThat(ticket.getAttribute("class")).contains("breached");
        assertThat(ticket.getText()).contains("FAULT_TICKET", "ACCEPTED", cust, "2026-11-22 10:00:00", "past deadline");
        assertThat(find("#alarms").getText()).contains("DEADLINE_BREACH", ticketNo);

        WebElement garbledRow = deadLetter(garbled);
        String garbledId = garbledRow.getAttribute("data-message-id");
        String trainingId = deadLetter(training).getAttribute("data-message-id");
        assertThat(garbledRow.getText()).contains(Queues.CC_FAULT_REPORT, hubError(http, garbledId));
        screenshot("console-operator");

        // replay the one, discard the other with a reason
        garbledRow.findElement(By.cssSelector("button.replay")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row(garbledId)), 0));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "replayed to cc.fault.report"));

        find(row(trainingId) + " button.discard").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Say why"));
        find(row(trainingId) + " input.reason").sendKeys("a desk in training");
        find(row(trainingId) + " button.discard").click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row(trainingId)), 0));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "discarded"));
        screenshot("console-operator-after-actions");

        String audit = http.get("/api/v1/audit", "viewer:viewer").body();
        assertThat(audit).contains("\"action\":\"DLQ_REPLAY\",\"target\":\"" + garbledId + "\"",
                "\"action\":\"DLQ_DISCARD\",\"target\":\"" + trainingId + "\"", "a desk in training");

        // the viewer sees the same page, the dead letters included, but no buttons
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signIn("viewer", "viewer");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#routes tr[data-route-id='cc-fault-report-in']")));
        assertThat(find("#who").getText()).contains("viewer");
        deadLetter(garbled); // replayed, still unparseable: dead-lettered again
        assertThat(browser.findElements(By.cssSelector("#dlq button"))).isEmpty();
        assertThat(find("#open-forms tr[data-form-no='" + ticketNo + "']").getAttribute("class")).contains("breached");
        screenshot("console-viewer");
    }

    @Test
    void hawtioShowsTheRoutesToASignedInOperator() throws Exception {
        signIn("operator", "operator");
        browser.get("http://127.0.0.1:" + port + "/actuator/hawtio/camel/routes");
        try {
            // the route tree, then the routes table with its live statistics
            wait.withTimeout(Duration.ofSeconds(60)).until(d -> d.findElement(By.tagName("body")).getText()
                    .contains("cc-fault-report-in"));
            wait.withTimeout(Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("table td"))
                    .stream().anyMatch(td -> td.getText().equals("Started")));
        } finally {
            screenshot("hawtio-routes");
        }
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("hub-consolidation-nightly");
    }

    private void signIn(String user, String password) throws Exception {
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit'], input[type='submit']")).click();
        try {
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        } catch (RuntimeException e) {
            screenshot("failed-sign-in-" + user);
            Files.writeString(SCREENSHOTS.resolve("failed-sign-in-" + user + ".html"),
                    browser.getCurrentUrl() + "\n" + browser.getPageSource());
            throw e;
        }
    }

    private WebElement find(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** The dead letter whose body holds the text; the page refreshes every 10 s, so this waits for it. */
    private WebElement deadLetter(String bodyPart) {
        return wait.withTimeout(Duration.ofSeconds(30)).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#dlq tbody tr[data-message-id]"));
            return rows.stream().filter(r -> r.getText().contains(bodyPart)).findFirst().orElse(null);
        });
    }

    /** The HubError the API gives for a dead letter. */
    private static String hubError(HubHttp http, String messageId) throws Exception {
        for (var m : new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.get("/api/v1/dlq?limit=1000",
                "viewer:viewer").body())) {
            if (m.get("messageId").asText().equals(messageId)) {
                assertThat(m.get("error").asText()).isNotBlank();
                return m.get("error").asText();
            }
        }
        throw new AssertionError("no dead letter " + messageId);
    }

    private static String row(String messageId) {
        return "#dlq tr[data-message-id='" + messageId + "']";
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
