package org.darlingtontogether.carehub.govern;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.springframework.stereotype.Component;

/**
 * "What if" for IG leads: a proposed agreement version (a whole agreement file, checked as at start-up) run against
 * the records that changed in the last N days, for every configured consumer, beside the agreements in force. The
 * report says per consumer and category how many records would newly be shared or withheld, with a few example
 * resource references: never patient data. Hypothetical: nothing is logged as a decision, nothing changes.
 */
@Component
public class WhatIf {

    /** The most records one run looks at (newest first); the report says when it stopped there. */
    public static final int MAX_RECORDS = 50_000;
    static final int EXAMPLES = 5;

    /** What the proposal would change. */
    public record Report(String proposed, String replaces, LocalDate decidedOn, int days, int recordsExamined, boolean truncated,
                         List<Change> changes) {
    }

    /** For one consumer and category: what would newly be shared and newly withheld, with example references. */
    public record Change(String consumer, String category, int newlyShared, int newlyWithheld, List<String> sharedExamples,
                         List<String> withheldExamples) {
    }

    private final Agreements agreements;
    private final SharedRecordStore store;
    private final FhirContext fhir;
    private final PersonDirectivesSource directives;
    private final CarehubProperties properties;
    private final AgreementReader reader;
    private final ConsumerAccess access;

    public WhatIf(Agreements agreements, SharedRecordStore store, FhirContext fhir, PersonDirectivesSource directives,
                  CarehubProperties properties, ConsumerAccess access) {
        this.agreements = agreements;
        this.store = store;
        this.fhir = fhir;
        this.directives = directives;
        this.properties = properties;
        this.reader = new AgreementReader(Vocabulary.of(properties));
        this.access = access;
    }

    /**
     * @param yaml the proposed agreement file; an error names its line ({@link AgreementLoadException})
     * @param on   the date to decide on; by default today, or the proposal's first day if that is later
     */
    public Report run(String yaml, int days, LocalDate on) {
        Agreement proposed = reader.read("proposed agreement", yaml);
        LocalDate date = on != null ? on : later(access.today(), proposed.validFrom());
        String replaces = agreements.all().stream().filter(a -> a.id().equals(proposed.id())).map(Agreement::label)
                .reduce((a, b) -> b).orElse(null);
        List<Agreement> before = agreements.inForceOn(date);
        List<Agreement> after = agreements.withProposal(proposed).inForceOn(date);

        List<StoredResource> stored = store.changedSince(Instant.now().minus(Duration.ofDays(days)), MAX_RECORDS + 1);
        boolean truncated = stored.size() > MAX_RECORDS;
        List<GovernedRecord> records = new ArrayList<>(Math.min(stored.size(), MAX_RECORDS));
        Set<String> people = new HashSet<>();
        for (StoredResource resource : stored.subList(0, Math.min(stored.size(), MAX_RECORDS))) {
            records.add(GovernedRecord.of(resource, fhir.newJsonParser().parseResource(resource.content())));
            people.add(resource.nhsNumber());
        }
        Map<String, PersonDirectives> wishes = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(people);
        for (int i = 0; i < all.size(); i += 500) {
            wishes.putAll(directives.forPeople(all.subList(i, Math.min(all.size(), i + 500))));
        }

        Map<String, Tally> tallies = new TreeMap<>();
        properties.getConsumers().forEach((consumer, settings) -> {
            if (!settings.isDataConsumer()) {
                return;
            }
            String purpose = settings.getPurpose();
            for (GovernedRecord record : records) {
                PersonDirectives person = wishes.getOrDefault(record.nhsNumber(), PersonDirectives.NONE);
                boolean was = DecisionPoint.decide(record.facts(), consumer, purpose, before, person, date).shared();
                boolean will = DecisionPoint.decide(record.facts(), consumer, purpose, after, person, date).shared();
                if (was != will) {
                    tallies.computeIfAbsent(consumer + "\u0000" + record.facts().category(), k -> new Tally(consumer, record.facts().category()))
                            .count(will, record.reference());
                }
            }
        });
        List<Change> changes = tallies.values().stream().map(Tally::change).toList();
        return new Report(proposed.label(), replaces, date, days, records.size(), truncated, changes);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static final class Tally {
        final String consumer;
        final String category;
        int shared;
        int withheld;
        final List<String> sharedExamples = new ArrayList<>();
        final List<String> withheldExamples = new ArrayList<>();

        Tally(String consumer, String category) {
            this.consumer = consumer;
            this.category = category;
        }

        void count(boolean nowShared, String reference) {
            if (nowShared) {
                shared++;
                if (sharedExamples.size() < EXAMPLES) {
                    sharedExamples.add(reference);
                }
            } else {
                withheld++;
                if (withheldExamples.size() < EXAMPLES) {
                    withheldExamples.add(reference);
                }
            }
        }

        Change change() {
            return new Change(consumer, category, shared, withheld, List.copyOf(sharedExamples), List.copyOf(withheldExamples));
        }
    }
}
