package org.darlingtontogether.carehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxReceipt;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.InboxHandoff;
import org.darlingtontogether.carehub.process.FhirInboxFormat;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every public FHIR sample in {@code ../shared/corpus/fhir} (UK Core examples in XML, Synthea bundles in JSON, written
 * elsewhere) taken into the running hub as a FHIR feed takes resources: one inbox row per resource (a bundle's entries
 * each on their own, as a search page is split), processed by the FHIR format. Each ends PROCESSED, QUARANTINED with
 * why, or FAILED with a specific reason; none is lost, none stops the hub. Read from the shared folder, never copied;
 * skipped where it is absent, mandatory under CI.
 */
@HubTest
class FhirCorpusTest extends HubTestBase {

    private static final Path CORPUS = Path.of("../shared/corpus/fhir");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired InboxRepository inbox;
    @Autowired InboxHandoff handoff;
    @Autowired SharedRecordStore record;

    @Test
    void everySampleIsTakenInOrRejectedWithASpecificError() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("the FHIR corpus is required under CI but is absent: " + CORPUS.toAbsolutePath());
            }
            Assumptions.abort("SKIPPED: FHIR corpus not found at " + CORPUS.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(CORPUS)) {
            // Patients first, as the feed reads them first: the samples' other resources name them by id
            files = listing.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().contains("Patient")).thenComparing(Path::toString))
                    .toList();
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> resources = split(text);
            for (int i = 0; i < resources.size(); i++) {
                rows.put("corpus/" + file.getFileName() + "#" + i, resources.get(i));
            }
        }
        long last = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            InboxReceipt receipt = inbox.store("phd", row.getKey(), FhirInboxFormat.FORMAT, null, InboxState.RECEIVED, null, row.getValue());
            last = receipt.id();
        }
        handoff.handOff(last);

        await().atMost(Duration.ofSeconds(120)).until(() -> inbox.idsInState(InboxState.RECEIVED).isEmpty());
        Map<InboxState, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (String key : rows.keySet()) {
            InboxEntry entry = inbox.findByKey("phd", key).orElseThrow(() -> new AssertionError(key + " lost"));
            outcomes.merge(entry.state(), 1, Integer::sum);
            if (entry.state() != InboxState.PROCESSED) {
                assertThat(entry.reason()).as("%s: %s with a reason", key, entry.state()).isNotBlank();
                assertThat(entry.reason()).as("%s: a specific reason, not a fault of the hub", key).doesNotStartWith("processing error");
                reasons.merge(entry.state() + ": " + entry.reason().replaceAll("[A-Za-z]+/[A-Za-z0-9\\-.]+", "<ref>")
                        .replaceAll("urn:uuid:[0-9a-f-]+", "<uuid>"), 1, Integer::sum);
            }
        }
        System.out.println("FHIR corpus: " + files.size() + " files, " + rows.size() + " resources: " + outcomes);
        reasons.forEach((reason, n) -> System.out.println("  " + n + " x " + reason));

        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(rows.size());
        assertThat(outcomes).containsKeys(InboxState.PROCESSED, InboxState.QUARANTINED, InboxState.FAILED);
        // the UK Core patient with a verified NHS number, and the condition naming it by id, reach the record
        assertThat(inbox.findByKey("phd", "corpus/ukcore_Patient-RichardSmith.xml#0").orElseThrow().state()).isEqualTo(InboxState.PROCESSED);
        assertThat(inbox.findByKey("phd", "corpus/ukcore_Condition-BleedingFromEar.xml#0").orElseThrow().state()).isEqualTo(InboxState.PROCESSED);
        assertThat(inbox.findByKey("phd", "corpus/ukcore_Patient-NoNHSNumber-UnavailableReason.xml#0").orElseThrow().state())
                .isEqualTo(InboxState.QUARANTINED);
        assertThat(record.count()).isGreaterThan(0);
    }

    /** A bundle's entries, each as its own resource text (as a feed splits a search page); anything else as it is. */
    private static List<String> split(String text) {
        String body = text.strip();
        List<String> resources = new ArrayList<>();
        if (body.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(body);
                if ("Bundle".equals(node.path("resourceType").asText())) {
                    node.path("entry").forEach(e -> {
                        if (e.has("resource")) {
                            resources.add(e.get("resource").toString());
                        }
                    });
                    return resources;
                }
            } catch (IOException unreadable) {
                // kept whole: the hub must say it cannot read it
            }
        } else if (body.contains("<Bundle")) {
            FhirContext fhir = FhirContext.forR4Cached();
            Bundle bundle = fhir.newXmlParser().parseResource(Bundle.class, body);
            bundle.getEntry().forEach(e -> resources.add(fhir.newXmlParser().encodeResourceToString(e.getResource())));
            return resources;
        }
        resources.add(text);
        return resources;
    }
}
