package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.parse.Hl7MessageSplitter;
import org.darlingtontogether.carehub.parse.Hl7ParseException;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every HL7 v2 sample in the shared corpus (public messages from other projects, several malformed on purpose) is
 * either mapped or refused with a specific reason by parse, type or identification: none makes the pipeline throw
 * anything unexpected. Read from {@code ../shared/corpus/hl7v2}, never copied into the repository; skipped where the
 * folder is absent, mandatory when {@code CI=true}.
 */
class Hl7CorpusMappingTest {

    private static final Path CORPUS = Path.of("../shared/corpus/hl7v2");
    /** Stands in for the corrected NHS number an operator gives when releasing a quarantined message. */
    private static final NhsNumber RELEASED_AS = NhsNumber.of("9434765919");

    private enum Outcome { MAPPED, PARSE_REFUSED, TYPE_UNSUPPORTED, QUARANTINED, MAPPING_REFUSED }

    private record Result(String where, String type, Outcome outcome, String reason, int resources) {
    }

    @Test
    void everyCorpusMessageIsMappedOrRefusedWithAReason() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("the HL7 v2 corpus is required under CI but is absent: " + CORPUS.toAbsolutePath());
            }
            Assumptions.abort("HL7 v2 corpus not found at " + CORPUS.toAbsolutePath() + ": corpus walk skipped");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("corpus files").isNotEmpty();

        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> messages = Hl7MessageSplitter.split(text);
            assertThat(messages).as(file.getFileName() + " holds something").isNotEmpty();
            for (int i = 0; i < messages.size(); i++) {
                String where = file.getFileName() + "#" + (i + 1);
                try {
                    results.add(process(where, messages.get(i)));
                } catch (RuntimeException unexpected) {
                    throw new AssertionError(where + ": unexpected " + unexpected, unexpected);
                }
            }
        }
        results.forEach(r -> System.out.printf("%-48s %-9s %-16s %2d %s%n", r.where(), r.type(), r.outcome(),
                r.resources(), r.reason() == null ? "" : r.reason()));

        assertThat(results).allSatisfy(r -> {
            if (r.outcome() != Outcome.MAPPED) {
                assertThat(r.reason()).as(r.where() + " reason").isNotBlank();
            }
        });
        // the public corpus has no NHS numbers: what it proves about mapping comes from the released (quarantined) ones
        assertThat(results).filteredOn(r -> r.resources() > 0).as("corpus messages that map").hasSizeGreaterThan(15);
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.PARSE_REFUSED).as("refused corpus messages").isNotEmpty();
        // a supported message is refused by the mapping only when there is nothing in it to map or no one to merge
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.MAPPING_REFUSED)
                .as("supported messages the mapping refused")
                .allSatisfy(r -> assertThat(r.reason()).containsAnyOf("nothing to map", "no NHS number"));
    }

    /** As the inbox processor would; an unidentified message is also mapped as if released with a corrected number. */
    private static Result process(String where, String text) {
        ParsedHl7 parsed;
        try {
            parsed = MapperFixture.PARSER.parse(text);
        } catch (Hl7ParseException e) {
            return new Result(where, "?", Outcome.PARSE_REFUSED, e.getMessage(), 0);
        }
        String type = parsed.messageType();
        if (!MapperFixture.MAPPER.supports(type)) {
            return new Result(where, type, Outcome.TYPE_UNSUPPORTED, "no mapping for " + type, 0);
        }
        Identification who = MapperFixture.IDENTIFIER.identify(parsed);
        NhsNumber person = who.identified() ? who.nhsNumber() : RELEASED_AS;
        try {
            MappedMessage mapped = MapperFixture.MAPPER.map(parsed, new MappingContext(MapperFixture.PARTNER, 1, person));
            assertThat(mapped.writes()).as(where + " resources").isNotEmpty();
            mapped.writes().forEach(w -> MapperFixture.FHIR.newJsonParser().encodeResourceToString(w.resource()));
            return who.identified()
                    ? new Result(where, type, Outcome.MAPPED, null, mapped.writes().size())
                    : new Result(where, type, Outcome.QUARANTINED, who.problem() + " (maps once released)",
                            mapped.writes().size());
        } catch (MappingException e) {
            return new Result(where, type, Outcome.MAPPING_REFUSED, e.getMessage(), 0);
        }
    }
}
