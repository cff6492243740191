package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        assertThat(page("/console")).contains("No sharing decisions to show yet");
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
