package org.darlingtontogether.carehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.SftpPollStatus;
import org.darlingtontogether.carehub.parse.TextEncoding;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.darlingtontogether.carehub.support.SftpDrop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The council's and the CCG's SFTP drops as their users see them: files dropped on a real SFTP server (Apache MINA
 * SSHD), taken only when complete, each row an inbox entry, the record readable through the FHIR API, the file moved
 * to processed/ or failed/ on the server, and rejected rows reported back in failed/.
 */
@HubTest
class SftpFeedsEndToEndTest extends HubTestBase {

    private static final String PEOPLE_HEADER = "person_id,nhs_number,surname,forename,date_of_birth,gender,address_line1,"
            + "town,postcode,gp_practice_code,social_care_status,objection_to_sharing\r\n";
    private static final String SYSTEM = NhsNumber.SYSTEM + "%7C";
    private static final SftpDrop DROP = new SftpDrop(SftpDrop.tempDir("sftp-feeds"));

    @DynamicPropertySource
    static void sftp(DynamicPropertyRegistry registry) {
        DROP.register(registry, "dbc");
        DROP.register(registry, "ccg");
    }

    @AfterAll
    static void stopServer() throws Exception {
        DROP.server().close();
    }

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired SharedRecordStore record;
    @Autowired SftpPollStatus pollStatus;

    private ApiClient api;
    private String token;

    @BeforeEach
    void consumer() {
        api = new ApiClient(port);
        token = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
    }

    @Test
    void aOneRowFileReachesTheRecordAndMovesToProcessed() {
        String name = "dbc_people_20260101.csv";
        DROP.councilDrop(name, PEOPLE_HEADER + "P100,943 476 5919,SMITH,JANE,12/06/1945,F,1 High Row,Darlington,DL1 1AA,A83010,OPEN,N\r\n",
                StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("dbc", name)));
        assertThat(DROP.outbox("dbc").resolve(name)).doesNotExist();
        assertThat(DROP.failed("dbc", name + ".rejects.csv")).doesNotExist();

        InboxEntry row = awaitOutcome("dbc", name + "#2");
        assertThat(row.state()).isEqualTo(InboxState.PROCESSED);
        assertThat(row.format()).isEqualTo("CSV");
        assertThat(row.messageType()).isEqualTo("dbc-people");

        JsonNode patient = search("/fhir/Patient?identifier=" + SYSTEM + "9434765919").path("entry").get(0).path("resource");
        assertThat(patient.path("name").get(0).path("family").asText()).isEqualTo("SMITH");
        assertThat(patient.path("birthDate").asText()).isEqualTo("1945-06-12");
        assertThat(patient.path("meta").path("source").asText()).endsWith("/partner/dbc#dbc_people_20260101.csv%232");
        assertThat(patient.path("meta").path("tag").get(0).path("code").asText()).isEqualTo("social-care");
        assertThat(record.read("Consent", patientId("Consent", "9434765919"))).isPresent();
    }

    @Test
    void anOutboxMissingForAWhileIsReadAgainWhenItIsBack() throws Exception {
        // the council's outbox is away for a while (a server-side tidy-up, a remount) and the hub polls meanwhile
        Path outbox = DROP.outbox("dbc");
        Path away = outbox.resolveSibling("outbox-away");
        Instant movedAt = Instant.now();
        Files.move(outbox, away);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> pollStatus.state("dbc").map(s -> after(s.lastFailureAt(), movedAt)
                    || after(s.lastSuccessAt(), movedAt)).orElse(false));
        } finally {
            // the feed may have made an empty outbox meanwhile (Camel's autoCreate): the council's goes back in its place
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    Files.move(away, outbox);
                    return true;
                } catch (FileAlreadyExistsException made) {
                    Files.deleteIfExists(outbox);
                    return false;
                }
            });
        }
        // back: the next file is taken as usual (a poll that failed half-way must not leave the session elsewhere)
        String name = "dbc_people_20260105.csv";
        DROP.councilDrop(name, PEOPLE_HEADER + "P105,943 476 5870,BROWN,ALICE,02/03/1950,F,5 High Row,Darlington,DL1 1AA,A83010,OPEN,N\r\n",
                StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("dbc", name)));
        assertThat(awaitOutcome("dbc", name + "#2").state()).isEqualTo(InboxState.PROCESSED);
        assertThat(pollStatus.state("dbc").map(SftpPollStatus.State::failing)).hasValue(false);
    }

    private static boolean after(Instant time, Instant start) {
        return time != null && time.isAfter(start);
    }

    @Test
    void aFileStillBeingWrittenIsNotRead() throws Exception {
        Path part = Files.writeString(DROP.outbox("dbc").resolve("dbc_people_20260102.csv.part"), PEOPLE_HEADER
                + "P200,9990000018,HALF,WRITTEN,01/01/1950,M,,,,,OPEN,N\r\n");
        // a complete file dropped after it is taken: by then the half-written one has been seen and left alone
        String marker = "dbc_assessments_20260102.csv";
        DROP.councilDrop(marker, "assessment_id,person_id,nhs_number,assessment_type,completed_date,outcome,team\r\n"
                + "A1,P200,9990000018,Care Act assessment,02/01/2026,Eligible,Reablement\r\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("dbc", marker)));

        assertThat(part).exists();
        assertThat(inbox.findByKey("dbc", "dbc_people_20260102.csv#2")).isEmpty();
        assertThat(awaitOutcome("dbc", marker + "#2").state()).isEqualTo(InboxState.PROCESSED);
    }

    @Test
    void aWrongHeaderRejectsTheWholeFileWithAReport() {
        String name = "dbc_packages_20260103.csv";
        DROP.councilDrop(name, "package_ref,person_id,nhs_number,service_type,provider,start_date,end_date,weekly_hours,status\r\n"
                + "PK1,P1,9434765919,Home care,Acme,01/01/2026,,10,ACTIVE\r\n", StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.failed("dbc", name)));
        Path report = DROP.failed("dbc", name + ".rejects.csv");
        assertThat(report).exists();
        assertThat(DROP.read(report)).startsWith("row,reason").contains("missing [package_id]").contains("not in the mapping [package_ref]");
        InboxEntry kept = inbox.findByKey("dbc", name).orElseThrow();
        assertThat(kept.state()).isEqualTo(InboxState.FAILED);
        assertThat(kept.reason()).startsWith("file rejected: header does not match extract dbc-packages");
        assertThat(inbox.findByKey("dbc", name + "#2")).isEmpty();
    }

    @Test
    void badRowsAreReportedWithTheirNumbersAndTheGoodRowsGoOn() {
        String name = "dbc_packages_20260104.csv";
        DROP.councilDrop(name, "package_id,person_id,nhs_number,service_type,provider,start_date,end_date,weekly_hours,status\r\n"
                + "PK10,P10,9434765919,Home care,Acme,01/01/2026,,10,ACTIVE\r\n"
                + "PK11,P10,9434765919,Day care,Acme,31/02/2026,,6,ACTIVE\r\n"
                + "PK12,P10,9434765919,Meals,Acme,01/01/2026,,two,ACTIVE\r\n"
                + "PK13,P10,9434765918,Meals,Acme,01/01/2026,,2,ACTIVE\r\n", StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("dbc", name)));
        String report = DROP.read(DROP.failed("dbc", name + ".rejects.csv"));
        assertThat(report.lines().toList()).containsExactly("row,reason",
                "3,start_date is not a date in the form dd/MM/yyyy",
                "4,weekly_hours is not a number");
        assertThat(awaitOutcome("dbc", name + "#2").state()).isEqualTo(InboxState.PROCESSED);
        assertThat(inbox.findByKey("dbc", name + "#3").orElseThrow().reason()).isEqualTo(
                "row 3: start_date is not a date in the form dd/MM/yyyy");
        assertThat(inbox.findByKey("dbc", name + "#4").orElseThrow().state()).isEqualTo(InboxState.FAILED);
        // a valid row whose NHS number fails its check waits in quarantine, never merged by guesswork
        InboxEntry unidentified = awaitOutcome("dbc", name + "#5");
        assertThat(unidentified.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(unidentified.reason()).contains("Modulus 11");

        JsonNode plans = search("/fhir/CarePlan?subject.identifier=" + SYSTEM + "9434765919");
        assertThat(plans.path("total").asInt()).isEqualTo(1);
        assertThat(plans.path("entry").get(0).path("resource").path("title").asText()).isEqualTo("Home care");
    }

    @Test
    void aWindows1252ReSendReadsCorrectly() {
        String name = "dbc_carers_20260105.csv";
        DROP.councilDrop(name, ("carer_id,cared_for_person_id,cared_for_nhs_number,carer_surname,carer_forename,relationship,carer_assessment_date\r\n"
                + "C1,P1,9434765919,Brontë,Zoë,Daughter,03/01/2026\r\n").getBytes(TextEncoding.WINDOWS_1252));

        assertThat(awaitOutcome("dbc", name + "#2").state()).isEqualTo(InboxState.PROCESSED);
        JsonNode carer = search("/fhir/RelatedPerson?patient.identifier=" + SYSTEM + "9434765919").path("entry").get(0).path("resource");
        assertThat(carer.path("name").get(0).path("family").asText()).isEqualTo("Brontë");
        assertThat(carer.path("name").get(0).path("given").get(0).asText()).isEqualTo("Zoë");
    }

    @Test
    void theCcgRiskRegisterWaitsForItsDoneFile() throws Exception {
        String name = "ccg_risk_20260106.csv";
        String text = "nhs_number,risk_score,risk_band,model,calculated_on,gp_practice_code\n"
                + "9434765919,81.5,VERY_HIGH,PARR30,2026-01-06,A83010\n";
        Files.writeString(DROP.outbox("ccg").resolve(name), text);
        String marker = "ccg_chc_20260106.csv";
        DROP.ccgDrop(marker, "nhs_number,chc_status,decision_date,review_date\n9434765919,ELIGIBLE,2026-01-02,2026-07-02\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("ccg", marker)));
        assertThat(DROP.outbox("ccg").resolve(name)).exists();
        assertThat(DROP.outbox("ccg").resolve(marker + ".ok")).doesNotExist();

        Files.write(DROP.outbox("ccg").resolve(name + ".ok"), new byte[0]);
        assertThat(awaitOutcome("ccg", name + "#2").state()).isEqualTo(InboxState.PROCESSED);
        // the file moves once the route has committed its rows, which may be after processing took the first row
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("ccg", name)));
        JsonNode user = record.read("RiskAssessment", patientIdFor("ccg", "RiskAssessment", "9434765919|PARR30"))
                .map(r -> ApiClient.json(r.content())).orElseThrow();
        assertThat(user.path("prediction").get(0).path("probabilityDecimal").decimalValue()).isEqualByComparingTo("81.5");
        assertThat(user.path("meta").path("tag").get(0).path("code").asText()).isEqualTo("risk-scores");
    }

    @Test
    void anHl7BatchFileGoesThroughTheHl7PathOneInboxEntryPerMessage() {
        String name = "ccg_adt_20260107.hl7";
        String batch = String.join("\r\n",
                "FHS|^~\\&|NTH|OOA|CAREHUB|DT|20260107090000",
                "BHS|^~\\&|NTH|OOA|CAREHUB|DT|20260107090000",
                "MSH|^~\\&|PAS|NTH|CAREHUB|DT|20260107090000||ADT^A04^ADT_A01|OOA-1|P|2.4",
                "EVN|A04|20260107090000",
                "PID|1||9990000026^^^NHS^NH||NORTH^ANNE||19400101|F",
                "PV1|1|O|OPD||||||||||||||||OOA-V1^^^NTH^VN",
                "MSH|^~\\&|PAS|NTH|CAREHUB|DT|20260107090100||SIU^S12|OOA-2|P|2.4",
                "PID|1||9990000026^^^NHS^NH||NORTH^ANNE",
                "MSH|^~\\&|PAS|NTH|CAREHUB|DT|20260107090200||ADT^A31^ADT_A05|OOA-3|P|2.4",
                "EVN|A31|20260107090200",
                "PID|1||9990000034^^^NHS^NH||SOUTH^BOB||19390202|M",
                "BTS|3",
                "FTS|1") + "\r\n";
        DROP.ccgDrop(name, batch);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(DROP.processed("ccg", name)));
        assertThat(awaitOutcome("ccg", "OOA-1").state()).isEqualTo(InboxState.PROCESSED);
        assertThat(awaitOutcome("ccg", "OOA-3").state()).isEqualTo(InboxState.PROCESSED);
        InboxEntry unsupported = inbox.findByKey("ccg", "OOA-2").orElseThrow();
        assertThat(unsupported.state()).isEqualTo(InboxState.FAILED);
        assertThat(unsupported.format()).isEqualTo("HL7V2");
        String report = DROP.read(DROP.failed("ccg", name + ".rejects.csv"));
        assertThat(report.lines().toList()).hasSize(2);
        assertThat(report).contains("message 2").contains("unsupported message type SIU^S12");
        assertThat(search("/fhir/Patient?identifier=" + SYSTEM + "9990000034").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void bothFeedsAreUpInHealthWithTheirServer() {
        String ops = api.token("hub-ops", "hub-ops-demo-secret");
        JsonNode feeds = ApiClient.json(api.get("/actuator/health", ops).body()).path("components").path("feeds").path("components");
        assertThat(feeds.path("dbc").path("status").asText()).isEqualTo("UP");
        assertThat(feeds.path("dbc").path("details").path("routes").path("dbc-social-care-inbound").asText()).isEqualTo("Started");
        assertThat(feeds.path("dbc").path("details").path("transport").asText()).isEqualTo("sftp");
        assertThat(feeds.path("ccg").path("status").asText()).isEqualTo("UP");
    }

    private InboxEntry awaitOutcome(String partner, String key) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> inbox.findByKey(partner, key).orElse(null),
                        e -> e != null && e.state() != InboxState.RECEIVED);
    }

    private JsonNode search(String path) {
        return ApiClient.json(api.get(path, token).body());
    }

    @Autowired org.darlingtontogether.carehub.record.ResourceIds ids;

    private String patientId(String type, String nhs) {
        return ids.idFor("dbc", type, nhs);
    }

    private String patientIdFor(String partner, String type, String key) {
        return ids.idFor(partner, type, key);
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
