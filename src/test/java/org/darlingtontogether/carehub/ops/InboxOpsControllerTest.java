package org.darlingtontogether.carehub.ops;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operations API's HTTP contract with MockMvc: real controller, service and problem handling; the inbox and the
 * hand-off mocked. Standalone (no application context), so security filters are not part of it: their rules belong to
 * the security configuration and are exercised with real tokens in {@link OpsApiHubTest}.
 */
class InboxOpsControllerTest {

    private static final String PAYLOAD = "MSH|^~\\&|PAS|RXP|||20250301||ADT^A04|M1|P|2.4\rPID|1||RX4100001^^^CDDFT^MR||Smith^Joan";
    private static final String TRACED = "9434765919";

    private final InboxRepository inbox = mock(InboxRepository.class);
    private final InboxHandoff handoff = mock(InboxHandoff.class);
    private final AuditTrail audit = mock(AuditTrail.class);
    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new InboxOpsController(new InboxOperations(inbox, handoff, audit,
                    new TransactionTemplate(mock(PlatformTransactionManager.class)))))
            .setControllerAdvice(new OpsProblems())
            .setMessageConverters(new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json().build()))
            .build();

    @Test
    void listsEntriesWithoutPayloadOrPatientData() throws Exception {
        when(inbox.listWithoutPayload(InboxState.QUARANTINED, "cddft", 0, 100))
                .thenReturn(List.of(entry(7, InboxState.QUARANTINED, "no NHS number in PID-3", null, null)));

        mvc.perform(get("/api/ops/inbox").param("state", "QUARANTINED").param("partner", "cddft").param("limit", "100"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(7))
                .andExpect(jsonPath("$[0].partner").value("cddft"))
                .andExpect(jsonPath("$[0].messageKey").value("M1"))
                .andExpect(jsonPath("$[0].messageType").value("ADT^A04"))
                .andExpect(jsonPath("$[0].receivedAt").value("2025-03-01T08:00:00Z"))
                .andExpect(jsonPath("$[0].state").value("QUARANTINED"))
                .andExpect(jsonPath("$[0].reason").value("no NHS number in PID-3"))
                .andExpect(jsonPath("$[0].payload").doesNotExist())
                .andExpect(jsonPath("$[0].nhsNumberOverride").doesNotExist());
    }

    @Test
    void showsOneEntryWithoutItsPayloadOrTracedNumber() throws Exception {
        when(inbox.find(7)).thenReturn(Optional.of(entry(7, InboxState.PROCESSED, null, TRACED, PAYLOAD)));

        String body = mvc.perform(get("/api/ops/inbox/7"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PROCESSED"))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(body).doesNotContain("Smith", "RX4100001", TRACED, "MSH");
    }

    @Test
    void unknownEntryIsA404Problem() throws Exception {
        when(inbox.find(99)).thenReturn(Optional.empty());

        mvc.perform(get("/api/ops/inbox/99"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("no inbox entry 99"));
    }

    @Test
    void badQueryParametersAreProblems() throws Exception {
        mvc.perform(get("/api/ops/inbox").param("state", "LOST"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/ops/inbox").param("limit", "5000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("limit must be between 1 and 1000"));
    }

    @Test
    void releaseRecordsTheTracedNumberAndHandsTheMessageToProcessing() throws Exception {
        when(inbox.release(7, TRACED)).thenReturn(true);
        when(inbox.find(7)).thenReturn(Optional.of(entry(7, InboxState.RECEIVED, null, TRACED, PAYLOAD)));

        mvc.perform(post("/api/ops/quarantine/7/release").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nhsNumber\": \"943 476 5919\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(7))
                .andExpect(jsonPath("$.state").value("RECEIVED"))
                .andExpect(jsonPath("$.nhsNumberOverride").doesNotExist());
        verify(handoff).handOff(7);
        verify(audit).append(argThat((AuditEntry e) -> e.action() == AuditAction.RELEASED && "7".equals(e.entityId())
                && TRACED.equals(e.nhsNumber()) && "cddft".equals(e.partner())));
    }

    @Test
    void releaseWithAnInvalidNumberNamesTheProblem() throws Exception {
        mvc.perform(post("/api/ops/quarantine/7/release").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nhsNumber\": \"9434765918\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid NHS number"))
                .andExpect(jsonPath("$.detail").value("NHS number fails the Modulus 11 check"))
                .andExpect(jsonPath("$.field").value("nhsNumber"));
        mvc.perform(post("/api/ops/quarantine/7/release").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("NHS number is missing"));
        mvc.perform(post("/api/ops/quarantine/7/release").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(inbox, never()).release(anyLong(), org.mockito.ArgumentMatchers.anyString());
        verify(handoff, never()).handOff(anyLong());
    }

    @Test
    void releasingAnEntryThatIsNotQuarantinedIsAConflict() throws Exception {
        when(inbox.release(7, TRACED)).thenReturn(false);
        when(inbox.find(7)).thenReturn(Optional.of(entry(7, InboxState.PROCESSED, null, null, PAYLOAD)));

        mvc.perform(post("/api/ops/quarantine/7/release").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nhsNumber\": \"" + TRACED + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.state").value("PROCESSED"))
                .andExpect(jsonPath("$.detail").value("inbox entry 7 is PROCESSED, not QUARANTINED: only a QUARANTINED entry can be released"));
        verify(handoff, never()).handOff(anyLong());
    }

    @Test
    void releasingAnUnknownEntryIsA404() throws Exception {
        when(inbox.release(8, TRACED)).thenReturn(false);
        when(inbox.find(8)).thenReturn(Optional.empty());

        mvc.perform(post("/api/ops/quarantine/8/release").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nhsNumber\": \"" + TRACED + "\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void replayRequeuesAFailedEntry() throws Exception {
        when(inbox.requeue(5, InboxState.FAILED)).thenReturn(true);
        when(inbox.find(5)).thenReturn(Optional.of(entry(5, InboxState.RECEIVED, null, null, PAYLOAD)));

        mvc.perform(post("/api/ops/inbox/5/replay"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("RECEIVED"));
        verify(handoff).handOff(5);
    }

    @Test
    void replayOfAnEntryThatDidNotFailIsAConflict() throws Exception {
        when(inbox.requeue(5, InboxState.FAILED)).thenReturn(false);
        when(inbox.find(5)).thenReturn(Optional.of(entry(5, InboxState.QUARANTINED, "no NHS number in PID-3", null, PAYLOAD)));

        mvc.perform(post("/api/ops/inbox/5/replay"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.state").value("QUARANTINED"));
    }

    @Test
    void aLostHandOffSaysTheEntryIsQueuedForRecovery() throws Exception {
        when(inbox.requeue(5, InboxState.FAILED)).thenReturn(true);
        when(inbox.find(5)).thenReturn(Optional.of(entry(5, InboxState.RECEIVED, null, null, PAYLOAD)));
        doThrow(new IllegalStateException("queue full")).when(handoff).handOff(5);

        mvc.perform(post("/api/ops/inbox/5/replay"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("queued (RECEIVED)")));
    }

    private static InboxEntry entry(long id, InboxState state, String reason, String override, String payload) {
        Instant at = Instant.parse("2025-03-01T08:00:00Z");
        return new InboxEntry(id, "cddft", "M1", "HL7V2", "ADT^A04", at, state, reason, override, 1, at, payload);
    }
}
