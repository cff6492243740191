package org.darlingtontogether.carehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.demo.SyntheticAdt.NhsIntent;
import org.darlingtontogether.carehub.demo.SyntheticAdt.SyntheticMessage;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.junit.jupiter.api.Test;

class SyntheticAdtTest {

    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    private final Hl7Parser parser = new Hl7Parser();
    private final Hl7PatientIdentifier identifier = new Hl7PatientIdentifier();

    @Test
    void everyMessageParsesWithItsTypeVersionAndControlId() throws Exception {
        List<SyntheticMessage> messages = new SyntheticAdt(7, "T-", START).next(2000);
        for (SyntheticMessage m : messages) {
            ParsedHl7 parsed = parser.parse(m.text());
            assertThat(parsed.messageType()).as(m.controlId()).isEqualTo(m.messageType());
            assertThat(parsed.controlId()).isEqualTo(m.controlId());
            assertThat(parsed.version()).isEqualTo(m.version()).isIn("2.4", "2.5.1");
        }
    }

    @Test
    void nhsNumbersAreValidOrNotAsIntended() throws Exception {
        Map<NhsIntent, Integer> byIntent = new HashMap<>();
        for (SyntheticMessage m : new SyntheticAdt(7, "T-", START).next(2000)) {
            Identification who = identifier.identify(parser.parse(m.text()));
            byIntent.merge(m.nhs(), 1, Integer::sum);
            assertThat(who.identified()).as(m.controlId() + " " + m.nhs()).isEqualTo(m.nhs() == NhsIntent.VALID);
            if (who.identified()) {
                assertThat(who.nhsNumber().value()).startsWith("999");
            }
        }
        int quarantined = byIntent.getOrDefault(NhsIntent.MISSING, 0) + byIntent.getOrDefault(NhsIntent.INVALID, 0);
        assertThat(byIntent.get(NhsIntent.MISSING)).isPositive();
        assertThat(byIntent.get(NhsIntent.INVALID)).isPositive();
        // "a few": a handful of people out of ~56
        assertThat(quarantined).isBetween(2000 * 2 / 100, 2000 * 15 / 100);
    }

    @Test
    void theStreamHasEveryEventTheHospitalSends() {
        List<SyntheticMessage> messages = new SyntheticAdt(7, "T-", START).next(500);
        Set<String> types = new HashSet<>();
        messages.forEach(m -> types.add(m.messageType()));
        assertThat(types).contains("ADT^A01", "ADT^A02", "ADT^A03", "ADT^A04", "ADT^A08", "ADT^A11", "ADT^A28", "ADT^A31",
                "ADT^A40", "ORU^R01");
        assertThat(messages).extracting(SyntheticMessage::version).contains("2.4", "2.5.1");
        String all = String.join("\n", messages.stream().map(SyntheticMessage::text).toList());
        assertThat(all).contains("\rAL1|1|", "\rDG1|1||", "\rNK1|1|", "\rPD1|||", "\rMRG|", "\rOBX|1|NM|");
        assertThat(all).contains("|mmol/L|", "|g/L|", "^^^CDDFT^MR", "^^^NHS^NH");
    }

    @Test
    void firstTheWholePopulationIsRegistered() {
        SyntheticAdt adt = new SyntheticAdt(7, "T-", START);
        int people = adt.population().people().size();
        List<SyntheticMessage> first = adt.next(people);
        assertThat(first).extracting(SyntheticMessage::messageType).allMatch(t -> t.equals("ADT^A04") || t.equals("ADT^A28"));
    }

    @Test
    void populationIsFiftySyntheticDarlingtonPeopleAndAFewUntraced() {
        SyntheticPopulation population = SyntheticPopulation.create(7, 50, 4, 2);
        List<SyntheticPerson> valid = population.people().stream().filter(p -> p.nhsIntent() == NhsIntent.VALID).toList();
        assertThat(valid).hasSize(52);
        assertThat(valid).allSatisfy(p -> {
            assertThat(p.nhsNumber()).startsWith("999").hasSize(10);
            assertThat(NhsNumber.isValid(p.nhsNumber())).isTrue();
        });
        assertThat(valid).extracting(SyntheticPerson::nhsNumber).doesNotHaveDuplicates();
        assertThat(population.people()).extracting(SyntheticPerson::hospitalNumber).doesNotHaveDuplicates();
        assertThat(population.people()).allSatisfy(p -> {
            assertThat(p.postcode()).matches("DL[13] \\d[A-Z]{2}");
            assertThat(p.practice().odsCode()).matches("[A-Z]\\d{5}");
            assertThat(p.phone()).startsWith("01632 960");
        });
        assertThat(population.people()).filteredOn(p -> p.nhsIntent() != NhsIntent.VALID).hasSize(4)
                .allSatisfy(p -> assertThat(p.nhsNumber()).isNull());
        assertThat(population.duplicates()).hasSize(2);
    }

    @Test
    void sameSeedSameStreamAndPrefixesKeepRunsApart() {
        List<String> a = new SyntheticAdt(7, "RUN1-", START).next(300).stream().map(SyntheticMessage::text).toList();
        List<String> b = new SyntheticAdt(7, "RUN1-", START).next(300).stream().map(SyntheticMessage::text).toList();
        assertThat(a).isEqualTo(b);
        Set<String> ids = new HashSet<>();
        new SyntheticAdt(7, "RUN1-", START).next(10_000).forEach(m -> assertThat(ids.add(m.controlId())).isTrue());
        new SyntheticAdt(7, "RUN2-", START).next(10_000).forEach(m -> assertThat(ids.add(m.controlId())).isTrue());
    }
}
