package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.api.security.HubCaller;
import org.darlingtontogether.carehub.api.security.HubCallerAuthentication;
import org.darlingtontogether.carehub.api.security.Purpose;
import org.darlingtontogether.carehub.audit.AuditProperties;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.Agreement;
import org.darlingtontogether.carehub.govern.Agreements;
import org.darlingtontogether.carehub.govern.ConsentModel;
import org.darlingtontogether.carehub.govern.Consents;
import org.darlingtontogether.carehub.govern.ConsumerAccess;
import org.darlingtontogether.carehub.govern.DecisionLog;
import org.darlingtontogether.carehub.govern.DecisionPoint;
import org.darlingtontogether.carehub.govern.Directive;
import org.darlingtontogether.carehub.govern.GovernedRecord;
import org.darlingtontogether.carehub.govern.NationalOptOut;
import org.darlingtontogether.carehub.govern.PersonDirectives;
import org.darlingtontogether.carehub.govern.PersonDirectivesSource;
import org.darlingtontogether.carehub.govern.RecordFacts;
import org.darlingtontogether.carehub.govern.SharingRule;
import org.darlingtontogether.carehub.govern.Vocabulary;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Property: nothing the decision point withholds ever appears in any consumer's FHIR API answer (read, search by
 * person, search by type, $everything's source), and nothing it shares is missing from the person's answer. Each trial
 * generates agreements (rules, consent models, never-leave categories, validity around "today"), stored resources
 * (source, category, security labels) for a few people, each person's directives (stored as Consent resources of the
 * hub's profile: objections and consents narrowed at random, periods on and around today, withdrawals) and the
 * national opt-out list, then asks the API layer over a real store for every consumer. The oracle is the decision
 * point fed with the generated directives themselves, so reading Consents back is checked too. Plain seeded trials
 * (a failure names its seed), no property-testing library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernedApiPropertyTest {

    static final int TRIALS = 60;
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final Map<String, String> CONSUMERS = orderedMap("mdt-frail-elderly", "direct-care", "mdt-high-impact", "direct-care",
            "ltc-collaborative", "direct-care", "care-hub", "direct-care", "navigator", "navigator", "planning", "planning");
    static final List<String> SENSITIVE = List.of("mental-health", "substance-misuse", "sexual-health", "safeguarding");
    static final List<String> TYPES = List.of("Patient", "Encounter", "Condition", "Observation", "AllergyIntolerance");

    @TempDir
    Path folder;

    FhirContext fhir;
    JdbcTemplate jdbc;
    SharedRecordStore store;
    CarehubProperties properties;

    @BeforeAll
    void database() {
        DataSource dataSource = TestDatabases.h2();
        fhir = FhirContext.forR4Cached();
        jdbc = new JdbcTemplate(dataSource);
        store = new SharedRecordStore(jdbc, fhir);
        properties = new CarehubProperties();
        Map<String, CarehubProperties.Consumer> consumers = new LinkedHashMap<>();
        CONSUMERS.forEach((id, purpose) -> {
            CarehubProperties.Consumer consumer = new CarehubProperties.Consumer();
            consumer.setClientSecret("{noop}x");
            consumer.setPurpose(purpose);
            consumers.put(id, consumer);
        });
        properties.setConsumers(consumers);
    }

    int sharedSeen;
    int withheldSeen;

    @AfterEach
    void nobodyCalling() {
        SecurityContextHolder.clearContext();
    }

    /** The trials exercised both answers, plenty of each: a property that held only vacuously would prove nothing. */
    @AfterAll
    void bothOutcomesWereExercised() {
        assertThat(sharedSeen).as("shared record/consumer pairs over all trials").isGreaterThan(100);
        assertThat(withheldSeen).as("withheld record/consumer pairs over all trials").isGreaterThan(100);
    }

    @TestFactory
    Stream<DynamicTest> nothingWithheldEverReachesAConsumer() {
        return IntStream.rangeClosed(1, TRIALS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> trial(seed)));
    }

    void trial(long seed) throws IOException {
        Random random = new Random(seed);
        jdbc.update("delete from record_resource");
        jdbc.update("delete from record_resource_history");
        Agreements agreements = new Agreements(agreements(random));
        List<String> people = people(random);
        Map<String, List<Directive>> directives = new HashMap<>();
        Set<String> optedOut = new HashSet<>();
        Path optOutFile = folder.resolve("opt-out-" + seed + ".txt");
        for (String person : people) {
            List<Directive> mine = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                Directive directive = directive(random, person, i);
                mine.add(directive);
                store.write(new RecordWrite(consent(directive, person), person, pick(random, Vocabulary.PARTNERS), 1, Vocabulary.CONSENT_CATEGORY));
            }
            directives.put(person, mine);
            if (random.nextInt(4) == 0) {
                optedOut.add(person);
            }
        }
        Files.write(optOutFile, optedOut);
        Map<String, GeneratedRecord> generated = new LinkedHashMap<>();
        for (String person : people) {
            generated.putAll(write(random, person, "Patient", "pt-" + person));
        }
        int more = 3 + random.nextInt(20);
        for (int i = 0; i < more; i++) {
            generated.putAll(write(random, pick(random, people), pick(random, TYPES.subList(1, TYPES.size())), "r" + i));
        }

        ConsumerAccess access = new ConsumerAccess(agreements, new PersonDirectivesSource(store, fhir, properties, new NationalOptOut(optOutFile)),
                new DecisionLog(new AuditTrail(jdbc, new AuditProperties()), JdbcClient.create(jdbc)), properties, Clock.fixed(TODAY.atStartOfDay(ConsumerAccess.LOCAL).toInstant(), ConsumerAccess.LOCAL));
        RecordResources api = new RecordResources(store, new ParsedResources(fhir, 1_000_000), access);

        for (Map.Entry<String, String> consumer : CONSUMERS.entrySet()) {
            actAs(consumer.getKey(), consumer.getValue());
            Set<String> expectedShared = new HashSet<>();
            for (GeneratedRecord record : generated.values()) {
                boolean shared = DecisionPoint.decide(record.facts(), consumer.getKey(), consumer.getValue(), agreements.inForceOn(TODAY),
                        new PersonDirectives(directives.get(record.nhsNumber()), optedOut.contains(record.nhsNumber())), TODAY).shared();
                if (shared) {
                    expectedShared.add(record.reference());
                    sharedSeen++;
                } else {
                    withheldSeen++;
                }
            }
            String context = "seed " + seed + ", consumer " + consumer.getKey();
            List<String> seen = new ArrayList<>();
            for (String person : people) {
                List<String> answer = references(api.forPerson(person, null));
                seen.addAll(answer);
                List<String> expectedForPerson = generated.values().stream()
                        .filter(r -> r.nhsNumber().equals(person) && expectedShared.contains(r.reference())).map(GeneratedRecord::reference).toList();
                assertThat(answer).as(context + ": everything shared about a person, and nothing else")
                        .containsExactlyInAnyOrderElementsOf(expectedForPerson);
            }
            for (String type : TYPES) {
                seen.addAll(references(api.ofType(type, 500)));
            }
            for (GeneratedRecord record : generated.values()) {
                try {
                    seen.addAll(references(List.of(api.read(record.type(), new IdType(record.type(), record.id())))));
                } catch (ResourceNotFoundException withheld) {
                    assertThat(expectedShared).as(context + ": a read of a shared resource answers").doesNotContain(record.reference());
                }
            }
            assertThat(seen).as(context + ": no consent directive is ever shown").noneMatch(r -> r.startsWith("Consent/"));
            assertThat(expectedShared).as(context + ": every answer holds only shared resources").containsAll(seen);

            List<GovernedRecord> all = generated.values().stream().map(r -> new GovernedRecord(r.type(), r.id(), 1, r.nhsNumber(), r.facts())).toList();
            assertThat(access.forDelivery(consumer.getKey(), all)).extracting(GovernedRecord::reference)
                    .as(context + ": delivery").containsExactlyInAnyOrderElementsOf(expectedShared);
        }
    }

    record GeneratedRecord(String type, String id, String nhsNumber, RecordFacts facts) {
        String reference() {
            return type + "/" + id;
        }
    }

    Map<String, GeneratedRecord> write(Random random, String person, String type, String id) {
        String source = pick(random, Vocabulary.PARTNERS);
        String category = pick(random, Vocabulary.CATEGORIES);
        Set<String> labels = new LinkedHashSet<>();
        int labelCount = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < labelCount; i++) {
            labels.add(pick(random, SENSITIVE));
        }
        Resource resource = switch (type) {
            case "Patient" -> new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
                    .setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(person));
            case "Encounter" -> new Encounter().setSubject(new Reference("Patient/pt-" + person));
            case "Condition" -> new Condition().setSubject(new Reference("Patient/pt-" + person));
            case "Observation" -> new Observation().setSubject(new Reference("Patient/pt-" + person));
            default -> new AllergyIntolerance().setPatient(new Reference("Patient/pt-" + person));
        };
        resource.setId(id);
        RecordMeta.stamp(resource, RecordMeta.source(source, "m-" + id), category);
        for (String label : labels) {
            RecordMeta.label(resource, label);
        }
        store.write(new RecordWrite(resource, person, source, 1, category));
        return Map.of(type + "/" + id, new GeneratedRecord(type, id, person, new RecordFacts(source, category, labels)));
    }

    static List<Agreement> agreements(Random random) {
        List<Agreement> agreements = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int a = 0; a < count; a++) {
            LocalDate from = TODAY.plusDays(random.nextInt(5) - 3);
            LocalDate to = random.nextInt(3) == 0 ? null : TODAY.plusDays(random.nextInt(5) - 1);
            if (to != null && to.isBefore(from)) {
                to = from;
            }
            Set<String> neverLeave = new HashSet<>();
            if (random.nextInt(4) != 0) {
                neverLeave.add("sexual-health");
            }
            if (random.nextInt(4) == 0) {
                neverLeave.add(pick(random, SENSITIVE));
            }
            List<SharingRule> rules = new ArrayList<>();
            int ruleCount = 1 + random.nextInt(10);
            for (int r = 0; r < ruleCount; r++) {
                Set<String> categories = subset(random, Vocabulary.CATEGORIES, 1 + random.nextInt(6));
                categories.removeAll(neverLeave);
                if (categories.isEmpty()) {
                    continue;
                }
                String purpose = pick(random, List.of("direct-care", "navigator", "planning"));
                ConsentModel consent = switch (purpose) {
                    case "navigator" -> ConsentModel.EXPLICIT;
                    case "planning" -> ConsentModel.OPT_OUT_APPLIES;
                    default -> random.nextBoolean() ? ConsentModel.IMPLIED_WITH_OBJECTION : ConsentModel.EXPLICIT;
                };
                Set<String> consumers = subset(random, CONSUMERS.keySet(), 1 + random.nextInt(4));
                rules.add(new SharingRule("rule-" + a + "-" + r, pick(random, Vocabulary.PARTNERS), Set.copyOf(categories), consumers,
                        purpose, "generated", consent));
            }
            agreements.add(new Agreement("gen-" + a, "1", null, from, to, Vocabulary.PARTNERS, rules, Set.copyOf(neverLeave), "generated"));
        }
        return agreements;
    }

    static Directive directive(Random random, String person, int n) {
        Directive.Kind kind = random.nextBoolean() ? Directive.Kind.OBJECTION : Directive.Kind.EXPLICIT_CONSENT;
        String source = random.nextInt(3) == 0 ? pick(random, Vocabulary.PARTNERS) : null;
        String consumer = random.nextInt(2) == 0 ? pick(random, CONSUMERS.keySet()) : null;
        String category = random.nextInt(2) == 0 ? pick(random, random.nextBoolean() ? SENSITIVE : List.copyOf(Vocabulary.CATEGORIES)) : null;
        String purpose = random.nextInt(3) == 0 ? pick(random, List.of("direct-care", "navigator", "planning")) : null;
        LocalDate from = random.nextInt(2) == 0 ? TODAY.plusDays(random.nextInt(3) - 1) : null;
        LocalDate to = random.nextInt(2) == 0 ? TODAY.plusDays(random.nextInt(3) - 1) : null;
        if (from != null && to != null && to.isBefore(from)) {
            to = from;
        }
        boolean withdrawn = random.nextInt(4) == 0;
        String id = "c-" + person + "-" + n;
        // a Consent without a period starts on its dateTime, which the Consents helper sets to 2026-06-01
        return new Directive(kind, "Consent/" + id, source, consumer, category, purpose, from == null ? LocalDate.of(2026, 6, 1) : from, to,
                "RXP", withdrawn);
    }

    static Consent consent(Directive directive, String person) {
        Consent consent = directive.kind() == Directive.Kind.OBJECTION ? Consents.objection(person) : Consents.explicitConsent(person);
        consent.setId(directive.consentRef().substring("Consent/".length()));
        if (directive.source() != null) {
            Consents.fromSource(consent, directive.source());
        }
        if (directive.consumer() != null) {
            Consents.toConsumer(consent, directive.consumer());
        }
        if (directive.category() != null) {
            Consents.ofCategory(consent, directive.category());
        }
        if (directive.purpose() != null) {
            Consents.forPurpose(consent, directive.purpose());
        }
        Consents.during(consent, directive.from() == null ? null : directive.from().toString(),
                directive.to() == null ? null : directive.to().toString());
        if (directive.withdrawn()) {
            consent.setStatus(Consent.ConsentState.INACTIVE);
        }
        return consent;
    }

    static List<String> people(Random random) {
        Set<String> people = new LinkedHashSet<>();
        int count = 2 + random.nextInt(3);
        while (people.size() < count) {
            String nine = "999" + String.format("%06d", random.nextInt(1_000_000));
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nine.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 10) {
                continue;
            }
            people.add(nine + (check == 11 ? 0 : check));
        }
        return List.copyOf(people);
    }

    static void actAs(String consumer, String purpose) {
        Jwt jwt = Jwt.withTokenValue("test").header("alg", "none").subject(consumer).build();
        HubCaller caller = new HubCaller(consumer, HubCaller.Kind.CONSUMER, Purpose.fromCode(purpose).orElseThrow());
        SecurityContextHolder.getContext().setAuthentication(new HubCallerAuthentication(jwt, List.of(), consumer, caller));
    }

    static List<String> references(List<IBaseResource> resources) {
        return resources.stream().map(r -> r.getIdElement().getResourceType() + "/" + r.getIdElement().getIdPart()).toList();
    }

    static <T> T pick(Random random, java.util.Collection<T> from) {
        List<T> list = List.copyOf(from);
        return list.get(random.nextInt(list.size()));
    }

    static Set<String> subset(Random random, java.util.Collection<String> from, int size) {
        Set<String> chosen = new HashSet<>();
        while (chosen.size() < Math.min(size, from.size())) {
            chosen.add(pick(random, from));
        }
        return chosen;
    }

    static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

}
