package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.demo.SyntheticAdt.NhsIntent;
import org.darlingtontogether.carehub.demo.SyntheticAdt.SyntheticMessage;
import org.darlingtontogether.carehub.demo.SyntheticAdt;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HeadlessChromium;
import org.darlingtontogether.carehub.support.HospitalMessages;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The IG console as its users see it, in a headless Chromium against the running hub. */
@HubTest
@TestPropertySource(properties = ConsoleSecurityTest.IG_USER_PROPERTY)
class ConsoleBrowserTest extends HubTestBase {

    @RegisterExtension
    static HeadlessChromium chromium = new HeadlessChromium();

    private static final String TRACED = "9434765919";

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired JdbcClient jdbc;

    @Test
    void anIgLeadSignsInAndSeesTheOverviewWithTheirName() {
        WebDriver browser = signIn(ConsoleSecurityTest.IG_USER, ConsoleSecurityTest.IG_PASSWORD);

        waitFor(ExpectedConditions.urlToBe(url("/console")));
        assertThat(browser.getTitle()).startsWith("Overview");
        assertThat(browser.findElement(By.id("signed-in-user")).getText()).isEqualTo(ConsoleSecurityTest.IG_USER);
        assertThat(browser.findElement(By.id("tile-agreements")).getText()).contains("agreements in force today");
        assertThat(browser.findElement(By.id("tile-quarantine")).getText()).contains("messages in quarantine");
        assertThat(browser.findElement(By.id("backlog")).getText()).contains("cddft", "dbc", "phd", "tewv", "ccg");
        assertThat(browser.findElements(By.cssSelector("#sharing-chart svg, #sharing-empty"))).as("a chart, or words saying there is none yet")
                .hasSize(1);

        browser.findElement(By.id("sign-out")).click();
        waitFor(ExpectedConditions.urlContains("/console/login?signed-out"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("You have signed out.");
        browser.get(url("/console"));
        waitFor(ExpectedConditions.urlToBe(url("/console/login")));
    }

    @Test
    void aConsumerIsRefusedAndCannotReachTheQuarantine() {
        WebDriver browser = signIn("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");

        waitFor(ExpectedConditions.urlToBe(url("/console/login?refused")));
        assertThat(browser.findElement(By.id("sign-in-refused")).getText()).startsWith("Sign-in refused:");
        assertThat(browser.findElements(By.id("signed-in-user"))).isEmpty();
        assertThat(audited("SIGN_IN_REFUSED", "mdt-frail-elderly")).as("the refusal is in the audit trail").isEqualTo(1);

        browser.get(url("/console/quarantine"));
        waitFor(ExpectedConditions.urlToBe(url("/console/login")));
        assertThat(browser.findElements(By.id("quarantine"))).isEmpty();
    }

    @Test
    void anIgLeadReleasesAQuarantinedMessageWithTheTracedNhsNumber() throws Exception {
        SyntheticMessage untraced = untracedAdmission();
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            assertThat(hospital.send(untraced.text())).contains("MSA|AA|");
        }
        long id = await().atMost(Duration.ofSeconds(20)).until(
                () -> inbox.findByKey("cddft", untraced.controlId()).filter(e -> e.state() == InboxState.QUARANTINED),
                java.util.Optional::isPresent).orElseThrow().id();

        WebDriver browser = signIn(ConsoleSecurityTest.IG_USER, ConsoleSecurityTest.IG_PASSWORD);
        waitFor(ExpectedConditions.urlToBe(url("/console")));
        browser.get(url("/console/quarantine?partner=cddft"));
        WebElement row = browser.findElement(By.id("entry-" + id));
        assertThat(row.getText()).contains("cddft", "ADT^A04", "NHS number");

        // a mistyped number is refused before anything changes, and says why
        release(browser, id, "943 476 5918");
        assertThat(waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("flash-failure"))).getText())
                .isEqualTo("Entry " + id + " was not released: NHS number fails the Modulus 11 check.");
        assertThat(inbox.find(id).orElseThrow().state()).isEqualTo(InboxState.QUARANTINED);

        release(browser, id, "943 476 5919");
        assertThat(waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("flash-success"))).getText())
                .startsWith("Entry " + id + " released with the traced NHS number");
        assertThat(browser.findElements(By.id("entry-" + id))).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.find(id).orElseThrow().state() != InboxState.QUARANTINED);
        assertThat(inbox.find(id).orElseThrow().nhsNumberOverride()).isEqualTo(TRACED);
        assertThat(browser.getPageSource()).doesNotContain(TRACED);
        // the audit trail names the IG lead who released it
        assertThat(jdbc.sql("select actor from audit_event where action = 'RELEASED' and entity_type = 'InboxMessage' and entity_id = ?")
                .param(String.valueOf(id)).query(String.class).list()).containsExactly(ConsoleSecurityTest.IG_USER);
        assertThat(audited("SIGN_IN", ConsoleSecurityTest.IG_USER)).isPositive();
    }

    @Test
    void anIgLeadFindsWhoReadAPersonsRecord() throws Exception {
        String nhs = HospitalMessages.testNhsNumber(4711);
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            assertThat(hospital.send(HospitalMessages.adt("A01", "SAR" + System.nanoTime(), nhs, "V-SAR-1", "WARD7", "", "HISTORY")))
                    .contains("MSA|AA|");
        }
        ApiClient api = new ApiClient(port);
        String careHub = api.token("care-hub", "care-hub-demo-secret");
        String search = "/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + nhs;
        await().atMost(Duration.ofSeconds(20)).until(() -> ApiClient.json(api.get(search, careHub).body()).path("total").asInt() == 1);

        WebDriver browser = signIn(ConsoleSecurityTest.IG_USER, ConsoleSecurityTest.IG_PASSWORD);
        waitFor(ExpectedConditions.urlToBe(url("/console")));
        browser.findElement(By.linkText("People")).click();
        waitFor(ExpectedConditions.urlToBe(url("/console/people")));

        // a mistyped number shows nothing and says why
        browser.findElement(By.id("nhsNumber")).sendKeys(nhs.substring(0, 9) + ((nhs.charAt(9) - '0' + 1) % 10));
        browser.findElement(By.id("show-history")).click();
        assertThat(waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("flash-failure"))).getText())
                .startsWith("No history shown: NHS number");
        assertThat(browser.findElements(By.id("access-history"))).isEmpty();

        WebElement field = browser.findElement(By.id("nhsNumber"));
        field.clear();
        field.sendKeys(NhsNumber.of(nhs).formatted());
        browser.findElement(By.id("show-history")).click();
        WebElement history = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("access-history")));
        assertThat(browser.findElement(By.id("person-nhs")).getText()).isEqualTo(NhsNumber.of(nhs).formatted());
        assertThat(history.getText()).contains("read by consumer", "care-hub", "direct-care", "Patient/", "SHARE");
        assertThat(browser.findElement(By.id("summary-care-hub")).getText()).startsWith("care-hub 1 ");
        assertThat(browser.getCurrentUrl()).as("the NHS number is posted, not put in the address").doesNotContain(nhs);
        // the look-up is itself in the trail, under the IG lead's name, the person in nhs_number only
        assertThat(jdbc.sql("select detail from audit_event where action = 'AUDIT_EXPORTED' and actor = ? and nhs_number = ?")
                .params(ConsoleSecurityTest.IG_USER, nhs).query(String.class).list())
                .singleElement().satisfies(detail -> assertThat(detail).startsWith("console-subject-access").doesNotContain(nhs));

        // the same read in the reports: counted for the consumer, and drawn in the chart
        browser.findElement(By.linkText("Reports")).click();
        waitFor(ExpectedConditions.urlToBe(url("/console/reports")));
        assertThat(browser.findElement(By.id("by-consumer")).getText()).contains("care-hub");
        assertThat(browser.findElement(By.cssSelector("#sharing-chart svg")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("unusual-care-hub")).getText()).startsWith("care-hub");
        assertThat(browser.getPageSource()).as("reports hold counts, not people").doesNotContain(nhs);

        // and in the audit log, found by the person's number
        browser.findElement(By.linkText("Audit log")).click();
        waitFor(ExpectedConditions.urlToBe(url("/console/audit")));
        browser.findElement(By.id("nhsNumber")).sendKeys(nhs);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("action"))).selectByValue("READ");
        browser.findElement(By.id("search")).click();
        WebElement rows = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("audit-rows")));
        assertThat(rows.getText()).contains("read by consumer", "care-hub", NhsNumber.of(nhs).formatted());
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).contains("/console/audit/export.csv").contains("action=READ");
    }

    // ---- helpers

    private WebDriver signIn(String user, String password) {
        WebDriver browser = chromium.driver();
        browser.get(url("/console"));
        waitFor(ExpectedConditions.urlToBe(url("/console/login")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        return browser;
    }

    private long audited(String action, String actor) {
        return jdbc.sql("select count(*) from audit_event where action = ? and actor = ?").params(action, actor)
                .query(Long.class).single();
    }

    private static void release(WebDriver browser, long id, String nhsNumber) {
        WebElement input = browser.findElement(By.id("nhs-" + id));
        input.clear();
        input.sendKeys(nhsNumber);
        WebElement button = browser.findElement(By.cssSelector("#entry-" + id + " button[type=submit]"));
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(button));
    }

    private <T> T waitFor(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(chromium.driver(), Duration.ofSeconds(20)).until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static SyntheticMessage untracedAdmission() {
        SyntheticAdt adt = new SyntheticAdt(7, "CONSOLE" + Long.toString(System.nanoTime(), 36) + "-", Instant.now());
        for (int i = 0; i < 1000; i++) {
            SyntheticMessage m = adt.next();
            if (m.nhs() != NhsIntent.VALID && m.messageType().equals("ADT^A04")) {
                return m;
            }
        }
        throw new AssertionError("no untraced synthetic A04 in 1000");
    }
}
