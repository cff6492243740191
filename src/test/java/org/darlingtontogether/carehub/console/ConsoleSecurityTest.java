package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The console's security rules, request by request: sign-in for IG users only (never API clients, whatever secret
 * they hold), sessions, CSRF on every form, headers; and the API's bearer-token rules left as they were.
 */
@HubTest
@AutoConfigureMockMvc
@RecordApplicationEvents
@TestPropertySource(properties = ConsoleSecurityTest.IG_USER_PROPERTY)
class ConsoleSecurityTest extends HubTestBase {

    static final String IG_USER = "sam-taylor";
    static final String IG_PASSWORD = "console-test-password";
    static final String IG_USER_PROPERTY = "carehub.ig-users." + IG_USER + ".password={noop}" + IG_PASSWORD;
    private static final String CONSUMER = "mdt-frail-elderly";
    private static final String CONSUMER_DEMO_SECRET = "mdt-frail-elderly-demo-secret";

    @Autowired MockMvc mvc;
    @Autowired ApplicationEvents events;
    @Autowired InboxRepository inbox;
    @Autowired ServerProperties server;

    @Test
    void anUnauthenticatedVisitorIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/console")).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/console/login"));
        mvc.perform(get("/console/quarantine")).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/console/login"));
        mvc.perform(get("/console/agreements")).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/console/login"));
        String login = mvc.perform(get("/console/login")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(login).contains("name=\"_csrf\"", "name=\"username\"", "name=\"password\"");
        mvc.perform(get("/console/console.css")).andExpect(status().isOk());
    }

    @Test
    void anIgUserSignsInAndGetsASessionWithTheSecurityHeaders() throws Exception {
        MvcResult signedIn = mvc.perform(post("/console/login").param("username", IG_USER).param("password", IG_PASSWORD).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console")).andReturn();
        MockHttpSession session = (MockHttpSession) signedIn.getRequest().getSession(false);
        assertThat(session).isNotNull();
        assertThat(server.getServlet().getSession().getTimeout()).as("idle sessions end").isEqualTo(Duration.ofMinutes(30));

        String page = mvc.perform(get("/console").session(session))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Signed in as", IG_USER);
        assertThat(events.stream(AuthenticationSuccessEvent.class))
                .anySatisfy(e -> assertThat(e.getAuthentication().getName()).isEqualTo(IG_USER));

        mvc.perform(post("/console/logout").session(session).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/login?signed-out"));
        mvc.perform(get("/console").session(session)).andExpect(status().isFound());
    }

    @Test
    void theEmbeddedDemoUserSignsInWithItsDocumentedPassword() throws Exception {
        // docs/demo-credentials.md
        mvc.perform(post("/console/login").param("username", "ig-officer").param("password", "ig-officer-demo-password").with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console"));
    }

    @Test
    void apiClientsCannotSignInWithTheirSecrets() throws Exception {
        // the consumer's secret is good for the API ...
        mvc.perform(post("/oauth2/token").with(httpBasic(CONSUMER, CONSUMER_DEMO_SECRET)).param("grant_type", "client_credentials"))
                .andExpect(status().isOk());
        // ... and no password for the console
        mvc.perform(post("/console/login").param("username", CONSUMER).param("password", CONSUMER_DEMO_SECRET).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/login?refused"));
        mvc.perform(post("/console/login").param("username", "hub-ops").param("password", "hub-ops-demo-secret").with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/login?refused"));
        mvc.perform(post("/console/login").param("username", IG_USER).param("password", "not-the-password").with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/login?refused"));
        assertThat(events.stream(AbstractAuthenticationFailureEvent.class)).hasSize(3);

        String refused = mvc.perform(get("/console/login").param("refused", "")).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("Sign-in refused:").doesNotContain("unknown user", "no such user", "signed out");
        String signedOut = mvc.perform(get("/console/login").param("signed-out", "")).andReturn().getResponse().getContentAsString();
        assertThat(signedOut).contains("You have signed out.").doesNotContain("Sign-in refused");
    }

    @Test
    void aConsumersBearerTokenDoesNotOpenTheConsole() throws Exception {
        String body = mvc.perform(post("/oauth2/token").with(httpBasic(CONSUMER, CONSUMER_DEMO_SECRET)).param("grant_type", "client_credentials"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String token = new ObjectMapper().readTree(body).get("access_token").asText();

        mvc.perform(get("/console").header("Authorization", "Bearer " + token))
                .andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/console/login"));
        mvc.perform(get("/console/quarantine").header("Authorization", "Bearer " + token))
                .andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/console/login"));
        // the API keeps its own rules: a consumer's token is no operator's, and no token is a 401
        mvc.perform(get("/api/ops/inbox").header("Authorization", "Bearer " + token)).andExpect(status().isForbidden());
        mvc.perform(get("/api/ops/inbox")).andExpect(status().isUnauthorized());
    }

    @Test
    void releasingNeedsTheCsrfTokenAndAValidNhsNumber() throws Exception {
        long id = inbox.store("cddft", "CONSOLE-CSRF-" + System.nanoTime(), "HL7V2", "ADT^A04", InboxState.QUARANTINED,
                "no valid NHS number in PID-3", "MSH|^~\\&|test").id();

        // no token at all (what a form from an expired session sends): back to sign-in, nothing changed
        mvc.perform(post("/console/quarantine/" + id + "/release").param("nhsNumber", "9434765919").with(user(IG_USER).roles("IG")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/login?expired"));
        // a wrong token: refused
        mvc.perform(post("/console/quarantine/" + id + "/release").param("nhsNumber", "9434765919").with(user(IG_USER).roles("IG"))
                        .with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        assertThat(inbox.find(id).orElseThrow().state()).isEqualTo(InboxState.QUARANTINED);

        mvc.perform(post("/console/quarantine/" + id + "/release").param("nhsNumber", "12345").with(user(IG_USER).roles("IG")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/console/quarantine"))
                .andExpect(flash().attribute("failure", "Entry " + id + " was not released: NHS number has 5 digits, not 10."));
        assertThat(inbox.find(id).orElseThrow().state()).isEqualTo(InboxState.QUARANTINED);

        mvc.perform(post("/console/quarantine/" + id + "/release").param("nhsNumber", "9434765919").with(user("someone")).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(inbox.find(id).orElseThrow().state()).isEqualTo(InboxState.QUARANTINED);
    }
}
