package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** What the console's pages show a signed-in IG user: counts, pages of the quarantine, empty states, agreements. */
@HubTest
@AutoConfigureMockMvc
@TestPropertySource(properties = ConsoleSecurityTest.IG_USER_PROPERTY)
class ConsolePagesTest extends HubTestBase {

    @Autowired MockMvc mvc;
    @Autowired InboxRepository inbox;
    @Autowired AuditTrail trail;

    @Test
    void theQuarantineIsListedFiftyAtATimeWithoutMessageContent() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < QuarantineController.PAGE_SIZE + 3; i++) {
            ids.add(inbox.store("ccg", "PAGING-" + i + "-" + System.nanoTime(), "HL7V2", "ADT^A28", InboxState.QUARANTINED,
                    "no NHS number in PID-3", "MSH|^~\\&|CONTENT-NEVER-SHOWN").id());
        }

        String first = page("/console/quarantine?partner=ccg");
        assertThat(first).contains("id=\"entry-" + ids.get(0) + "\"", "id=\"entry-" + ids.get(49) + "\"")
                .doesNotContain("id=\"entry-" + ids.get(50) + "\"", "CONTENT-NEVER-SHOWN")
                .contains("id=\"quarantine-count\">" + ids.size() + "<")
                .contains("/console/quarantine?partner=ccg&amp;after=" + ids.get(49));

        String second = page("/console/quarantine?partner=ccg&after=" + ids.get(49));
        assertThat(second).contains("id=\"entry-" + ids.get(50) + "\"", "id=\"entry-" + ids.get(52) + "\"", "First page")
                .doesNotContain("id=\"entry-" + ids.get(49) + "\"", "id=\"next-page\"");
        // every release form keeps the filter and page it was sent from
        assertThat(second).contains("name=\"partner\" value=\"ccg\"", "name=\"after\" value=\"" + ids.get(49) + "\"");

        // the overview's counts are statistics at most a few seconds old
        await().atMost(Duration.ofSeconds(10)).until(() -> page("/console").contains("href=\"/console/quarantine?partner=ccg\""));
    }

    @Test
    void emptyPagesSayWhatIsEmpty() throws Exception {
        assertThat(page("/console/quarantine?partner=tewv")).contains("No messages from tewv are in quarantine.");
        assertThat(page("/console/quarantine?partner=not-a-partner")).contains("<option value=\"\" selected=\"selected\">All partners");
        assertThat(page("/console/reports?from=2020-01-01&to=2020-01-31")).contains("1 Jan 2020 to 31 Jan 2020",
                "No reads or deliveries in this period.", "No consumer read anyone's record in this period.",
                "No message was quarantined in this period.");
        assertThat(page("/console/audit?from=2020-01-01&to=2020-01-02")).contains("No audit rows match these filters.");
        assertThat(page("/console/people")).contains("id=\"nhsNumber\"").doesNotContain("id=\"access-history\"");
    }

    @Test
    void aBadFilterSaysWhichFieldIsWrongAndShowsNothing() throws Exception {
        assertThat(page("/console/reports?from=last-week")).contains("From must be a date such as 2026-12-01, not &#39;last-week&#39;.")
                .doesNotContain("id=\"by-consumer\"");
        assertThat(page("/console/reports?from=2026-02-01&to=2026-01-01")).contains("From (1 Feb 2026) is after To (1 Jan 2026).");
        assertThat(page("/console/reports?from=2020-01-01&to=2026-01-01")).contains("The period is longer than 400 days");
        assertThat(page("/console/audit?nhsNumber=9434765918")).contains("No rows shown: NHS number fails the Modulus 11 check.")
                .doesNotContain("id=\"audit-rows\"").contains("value=\"9434765918\"") /* kept in the form, to correct */;
        assertThat(page("/console/audit?action=LOOKED")).contains("No rows shown: action must be one of [ENTRY, READ,");
        assertThat(page("/console/audit?outcome=MAYBE")).contains("No rows shown: outcome must be one of SHARE, WITHHOLD, SUCCESS, FAILURE.");
        mvc.perform(get("/console/audit/export.csv?from=soon").with(user(ConsoleSecurityTest.IG_USER).roles(IgUsers.ROLE)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theAuditLogPagesAHundredRowsAtATimeAndDownloadsThemAll() throws Exception {
        String actor = "paging-" + System.nanoTime();
        for (int i = 0; i < AuditLogController.PAGE_SIZE + 5; i++) {
            trail.append(AuditEntry.of(AuditAction.SIGN_IN_REFUSED).actor(actor).outcome(AuditEntry.FAILURE, null).detail("attempt " + i));
        }
        String first = page("/console/audit?actor=" + actor);
        assertThat(first).contains("attempt 104", "attempt 5").doesNotContain("attempt 4<").contains("id=\"next-page\"")
                .contains("100 rows shown (more on the next page)");
        String older = first.replaceAll("(?s).*<a href=\"([^\"]*)\" id=\"next-page\".*", "$1").replace("&amp;", "&");
        assertThat(page(older)).contains("attempt 4<", "attempt 0<").doesNotContain("attempt 5<", "id=\"next-page\"");

        String csv = mvc.perform(get("/console/audit/export.csv?actor=" + actor).with(user(ConsoleSecurityTest.IG_USER).roles(IgUsers.ROLE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines()).hasSize(1 + AuditLogController.PAGE_SIZE + 5).first().asString().startsWith("id,recorded_at,action,actor");
    }

    @Test
    void everyAgreementVersionWithItsRules() throws Exception {
        String agreements = page("/console/agreements");
        assertThat(agreements.split("aria-current=\"page\"", -1)).as("one current page in the navigation").hasSize(2);
        assertThat(agreements).contains("<a href=\"/console/agreements\" aria-current=\"page\" class=\"active\">Agreements</a>")
                .contains("Signed in as <strong id=\"signed-in-user\">" + ConsoleSecurityTest.IG_USER + "</strong>");
        assertThat(agreements).contains("in force", "Parties", "Never leave their source", "implied-with-objection");
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(user(ConsoleSecurityTest.IG_USER).roles(IgUsers.ROLE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
