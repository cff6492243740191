package org.darlingtontogether.carehub.demo;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.feed.FhirFeedPoller;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The GP federation's ({@code phd}) and the mental health trust's ({@code tewv}) FHIR servers, simulated for a
 * newcomer's first run: real HAPI FHIR servers on loopback ({@link PartnerFhirServer}), seeded with synthetic records
 * about many of the simulated hospital's people (same NHS numbers, so their records meet in one shared record) and some
 * people only the GP knows, one with a wrong NHS number (quarantined). A few new GP observations and one changed
 * sharing decision follow over the first minutes, so later polls show incremental reads. Only for a partner whose
 * {@code base-url} is not configured; off with {@code carehub.demo.enabled=false}.
 */
@Component
@ConditionalOnProperty(prefix = "carehub.demo", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatedFhirPartners {

    static final List<String> TYPES = List.of("Patient", "Encounter", "Condition", "AllergyIntolerance", "MedicationStatement",
            "Observation", "CarePlan", "Consent");
    private static final Logger log = LoggerFactory.getLogger(SimulatedFhirPartners.class);
    private static final String[][] GP_PROBLEMS = {{"38341003", "Hypertensive disorder"}, {"44054006", "Diabetes mellitus type 2"},
            {"13645005", "Chronic obstructive lung disease"}, {"49436004", "Atrial fibrillation"}, {"709044004", "Chronic kidney disease"},
            {"195967001", "Asthma"}, {"396275006", "Osteoarthritis"}, {"52448006", "Dementia"}};
    private static final String[][] GP_MEDICINES = {{"318420003", "Amlodipine 5mg tablets"}, {"325278007", "Metformin 500mg tablets"},
            {"317972000", "Ramipril 5mg capsules"}, {"329652003", "Apixaban 5mg tablets"}, {"330212001", "Salbutamol 100micrograms inhaler"}};
    private static final String[][] MH_PROBLEMS = {{"35489007", "Depressive disorder"}, {"197480006", "Anxiety disorder"},
            {"58214004", "Schizophrenia"}, {"13746004", "Bipolar disorder"}};

    private final FhirContext fhir;
    private final FhirFeedPoller poller;
    private final CarehubProperties properties;
    private final List<PartnerFhirServer> servers = new ArrayList<>();
    private ScheduledExecutorService trickle;

    public SimulatedFhirPartners(FhirContext fhir, FhirFeedPoller poller, CarehubProperties properties) {
        this.fhir = fhir;
        this.poller = poller;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        SyntheticPopulation population = SyntheticPopulation.create(SimulatedHospital.SEED, SyntheticAdt.DEFAULT_PEOPLE, 4, 2);
        List<SyntheticPerson> traced = population.people().stream()
                .filter(p -> p.nhsIntent() == SyntheticAdt.NhsIntent.VALID).toList();
        PartnerFhirServer gp = simulate("phd");
        if (gp != null) {
            seedGp(gp, traced);
            startTrickle(gp, traced);
        }
        PartnerFhirServer trust = simulate("tewv");
        if (trust != null) {
            seedTrust(trust, traced);
        }
    }

    private PartnerFhirServer simulate(String partner) {
        CarehubProperties.Partner config = properties.getPartners().get(partner);
        if (config != null && config.getBaseUrl() != null) {
            return null;
        }
        PartnerFhirServer server = new PartnerFhirServer(fhir, TYPES).start();
        servers.add(server);
        poller.useSimulated(partner, server.baseUrl());
        log.info("simulated {} FHIR server at {} (synthetic records; set carehub.partners.{}.base-url to read a real one)",
                partner, server.baseUrl(), partner);
        return server;
    }

    /** Most of the hospital's people are registered with a GP practice here, and a few only the GP knows. */
    static void seedGp(PartnerFhirServer gp, List<SyntheticPerson> traced) {
        Random random = new Random(SimulatedHospital.SEED + 1);
        String local = "https://fhir.phd.example/Id/practice-patient";
        int n = 0;
        for (SyntheticPerson person : traced.subList(0, Math.min(35, traced.size()))) {
            String id = "gp" + (++n);
            gp.put(SyntheticFhirRecords.patient(id, person.nhsNumber(), local, person.family(), person.given(), person.sex(), person.birthDate()));
            int problems = 1 + random.nextInt(3);
            for (int i = 0; i < problems; i++) {
                String[] problem = GP_PROBLEMS[random.nextInt(GP_PROBLEMS.length)];
                gp.put(SyntheticFhirRecords.condition(id + "-c" + i, id, problem[0], problem[1]));
            }
            String[] medicine = GP_MEDICINES[random.nextInt(GP_MEDICINES.length)];
            gp.put(SyntheticFhirRecords.medication(id + "-m1", id, medicine[0], medicine[1]));
            gp.put(SyntheticFhirRecords.observation(id + "-o1", id, "271649006", "Systolic blood pressure", 120 + random.nextInt(50), "mm[Hg]"));
            if (random.nextInt(4) == 0) {
                gp.put(SyntheticFhirRecords.allergy(id + "-a1", id, "91936005", "Allergy to penicillin"));
            }
        }
        Set<String> used = new HashSet<>();
        traced.forEach(p -> used.add(p.nhsNumber()));
        for (int i = 0; i < 10; i++) {
            String id = "gponly" + i;
            gp.put(SyntheticFhirRecords.patient(id, SyntheticPopulation.newNhsNumber(random, used), local, "Nicholson", "Sam", i % 2 == 0 ? "F" : "M",
                    java.time.LocalDate.of(1950 + i, 1 + i, 10)));
            gp.put(SyntheticFhirRecords.condition(id + "-c0", id, GP_PROBLEMS[i % GP_PROBLEMS.length][0], GP_PROBLEMS[i % GP_PROBLEMS.length][1]));
        }
        // the practice holds one NHS number wrongly: the hub quarantines the person and what names them
        String wrong = SyntheticPopulation.wrongCheckDigit(SyntheticPopulation.newNhsNumber(random, used));
        gp.put(SyntheticFhirRecords.patient("gpwrong", wrong, local, "Metcalfe", "Alex", "M", java.time.LocalDate.of(1939, 3, 3)));
        gp.put(SyntheticFhirRecords.condition("gpwrong-c0", "gpwrong", "38341003", "Hypertensive disorder"));
    }

    /** Some of the hospital's people are known to the mental health trust; all of it is mental-health data. */
    static void seedTrust(PartnerFhirServer trust, List<SyntheticPerson> traced) {
        Random random = new Random(SimulatedHospital.SEED + 2);
        String local = "https://fhir.tewv.example/Id/rio";
        int n = 0;
        for (int i = 0; i < traced.size(); i += 4) {
            SyntheticPerson person = traced.get(i);
            String id = "mh" + (++n);
            String nhs = person.nhsNumber();
            // the trust's system writes NHS numbers spaced 3-3-4
            Patient patient = SyntheticFhirRecords.patient(id, nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6),
                    local, person.family(), person.given(), person.sex(), person.birthDate());
            patient.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
            trust.put(patient);
            String[] problem = MH_PROBLEMS[random.nextInt(MH_PROBLEMS.length)];
            Condition condition = SyntheticFhirRecords.condition(id + "-c1", id, problem[0], problem[1]);
            condition.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
            trust.put(condition);
            trust.put(SyntheticFhirRecords.encounter(id + "-e1", id, "AMB", "Community mental health team review", "2024-0" + (1 + random.nextInt(9)) + "-15"));
            trust.put(SyntheticFhirRecords.carePlan(id + "-cp1", id, "Care programme approach plan"));
            // most agree to share with the navigator service; every fourth says no
            trust.put(SyntheticFhirRecords.consent(id + "-k1", id, n % 4 != 0, "NAV01", "Darlington navigator service", "2024-01-01"));
        }
    }

    /** New blood pressure readings at the GP, one every 20 s for a while: picked up by later, incremental polls. */
    private void startTrickle(PartnerFhirServer gp, List<SyntheticPerson> traced) {
        trickle = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-gp");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger sent = new AtomicInteger();
        Random random = new Random(SimulatedHospital.SEED + 3);
        trickle.scheduleAtFixedRate(() -> {
            int k = sent.incrementAndGet();
            if (k > 30) {
                trickle.shutdown();
                return;
            }
            String id = "gp" + (1 + random.nextInt(Math.min(35, traced.size())));
            gp.put(SyntheticFhirRecords.observation(id + "-o" + (k + 1), id, "271649006", "Systolic blood pressure",
                    115 + random.nextInt(60), "mm[Hg]"));
        }, 20, 20, TimeUnit.SECONDS);
    }

    @PreDestroy
    public void stop() {
        if (trickle != null) {
            trickle.shutdownNow();
        }
        servers.forEach(PartnerFhirServer::close);
    }
}
