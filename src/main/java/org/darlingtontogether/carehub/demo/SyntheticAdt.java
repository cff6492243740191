package org.darlingtontogether.carehub.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The hospital's patient administration and laboratory systems, simulated: a plausible stream of HL7 v2.4 and v2.5.1
 * messages about a {@link SyntheticPopulation}, as CDDFT sends them (partners.md). Everyone is registered first (A04,
 * some A28); then people are admitted (A01), moved (A02), discharged (A03), updated (A08, A31), have blood results
 * (ORU^R01 with U&amp;E or FBC), and occasionally an admission or discharge is cancelled (A11, A13) or a duplicate
 * registration merged (A40). Messages about people without a valid NHS number are marked as expected to be quarantined.
 * <p>
 * Deterministic for a seed; control ids (MSH-10) start with the given prefix so that separate runs never repeat one.
 * Not thread-safe: one generator per sender.
 */
public final class SyntheticAdt {

    /** Whether the hub should find a valid NHS number in a message's PID-3. */
    public enum NhsIntent { VALID, MISSING, INVALID }

    /**
     * One generated message.
     *
     * @param messageType MSH-9 as {@code CODE^TRIGGER}, e.g. {@code ADT^A01}
     * @param nhs         whether the patient's NHS number in it is valid (else the hub quarantines it)
     * @param text        the message, segments separated by CR
     */
    public record SyntheticMessage(String controlId, String messageType, String version, NhsIntent nhs, String text) {
    }

    public static final int DEFAULT_PEOPLE = 50;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(LONDON);
    private static final String[][] WARDS = {{"WD12", "Ward 12 Elderly Care"}, {"WD14", "Ward 14 Respiratory"},
            {"AMU", "Acute Medical Unit"}, {"WD32", "Ward 32 Orthopaedics"}, {"CCU", "Coronary Care Unit"}};
    private static final String[][] CONSULTANTS = {{"C4810021", "Barker", "Ruth"}, {"C4810032", "Iqbal", "Sami"},
            {"C4810043", "Fenwick", "James"}, {"C4810054", "Lowther", "Fiona"}};
    /** NHS treatment function codes: general medicine, geriatric medicine, respiratory, trauma and orthopaedics, cardiology. */
    private static final String[] SPECIALTIES = {"300", "430", "340", "110", "320"};
    private static final String[][] DIAGNOSES = {{"J18.9", "Pneumonia, unspecified"}, {"I50.9", "Heart failure, unspecified"},
            {"N39.0", "Urinary tract infection, site not specified"}, {"J44.1", "Chronic obstructive pulmonary disease with acute exacerbation, unspecified"},
            {"S72.0", "Fracture of neck of femur"}, {"R55", "Syncope and collapse"}, {"N17.9", "Acute renal failure, unspecified"},
            {"E11.9", "Type 2 diabetes mellitus without complications"}, {"I48.9", "Atrial fibrillation and atrial flutter, unspecified"}};

    private final SyntheticPopulation population;
    private final Random random;
    private final String prefix;
    private Instant clock;
    private long sequence;
    private long visits;
    private int registered;
    private final Map<SyntheticPerson, Stay> stays = new HashMap<>();
    private final Map<SyntheticPerson, Stay> lastDischarge = new HashMap<>();
    private final Set<SyntheticPerson> merged = new HashSet<>();
    private final List<SyntheticPopulation.Duplicate> toMerge;

    /** Where a person is while admitted. */
    private static final class Stay {
        final String visitNumber;
        final Instant admitted;
        final String specialty;
        final String[] consultant;
        String[] ward;
        int bed;
        int transfers;
        Instant discharged;

        Stay(String visitNumber, Instant admitted, String specialty, String[] consultant, String[] ward, int bed) {
            this.visitNumber = visitNumber;
            this.admitted = admitted;
            this.specialty = specialty;
            this.consultant = consultant;
            this.ward = ward;
            this.bed = bed;
        }
    }

    /**
     * @param seed          the same seed gives the same people and the same events
     * @param controlPrefix start of every MSH-10; give each run its own so messages are new to the hub's inbox
     * @param start         the simulated time of the first event; each later event is 1-10 simulated minutes on
     */
    public SyntheticAdt(long seed, String controlPrefix, Instant start) {
        this(SyntheticPopulation.create(seed, DEFAULT_PEOPLE, 4, 2), seed, controlPrefix, start);
    }

    public SyntheticAdt(SyntheticPopulation population, long seed, String controlPrefix, Instant start) {
        this.population = population;
        this.random = new Random(seed * 31 + 7);
        this.prefix = controlPrefix;
        this.clock = start;
        this.toMerge = new ArrayList<>(population.duplicates());
    }

    /** A generator whose control ids are unique to this moment (base-36 seconds since the epoch). */
    public static SyntheticAdt forThisRun(long seed) {
        Instant now = Instant.now();
        return new SyntheticAdt(seed, "SIM" + Long.toString(now.getEpochSecond(), 36).toUpperCase() + "-",
                now.minus(Duration.ofDays(2)));
    }

    public SyntheticPopulation population() {
        return population;
    }

    /** The next {@code n} messages. */
    public List<SyntheticMessage> next(int n) {
        List<SyntheticMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(next());
        }
        return messages;
    }

    public SyntheticMessage next() {
        clock = clock.plusSeconds(60 + random.nextInt(540));
        List<SyntheticPerson> people = population.people();
        if (registered < people.size()) {
            SyntheticPerson p = people.get(registered++);
            return random.nextInt(5) == 0 ? personUpdate(p, "A28") : register(p);
        }
        if (!toMerge.isEmpty() && random.nextInt(120) == 0) {
            return merge(toMerge.remove(0));
        }
        SyntheticPerson p;
        do {
            p = people.get(random.nextInt(people.size()));
        } while (merged.contains(p));
        Stay stay = stays.get(p);
        int r = random.nextInt(100);
        if (stay != null) {
            if (r < 20) {
                return transfer(p, stay);
            } else if (r < 42) {
                return discharge(p, stay);
            } else if (r < 55) {
                return update(p, "A08");
            } else if (r < 88) {
                return result(p, stay);
            } else if (r < 94 && stay.transfers == 0) {
                return cancelAdmit(p, stay);
            }
            return personUpdate(p, "A31");
        }
        if (r < 30) {
            return admit(p);
        } else if (r < 45) {
            return update(p, "A08");
        } else if (r < 57) {
            return personUpdate(p, "A31");
        } else if (r < 85) {
            return result(p, null);
        } else if (r < 95 || !lastDischarge.containsKey(p)) {
            return register(p);
        }
        return cancelDischarge(p, lastDischarge.remove(p));
    }

    // ---- events

    private SyntheticMessage register(SyntheticPerson p) {
        boolean emergency = random.nextBoolean();
        String visit = visitNumber();
        String pv1 = pv1(emergency ? "E" : "O", emergency ? "ED^^^RXP^^^^^Emergency Department" : "OPD3^^^RXP^^^^^Outpatients 3",
                null, emergency ? "E" : "R", null, emergency ? "180" : pick(SPECIALTIES), visit, clock, null, null);
        return adt(p, "A04", "ADT_A01", List.of(pv1), true, true, null);
    }

    private SyntheticMessage admit(SyntheticPerson p) {
        String[] ward = WARDS[random.nextInt(WARDS.length)];
        Stay stay = new Stay(visitNumber(), clock, pick(SPECIALTIES), CONSULTANTS[random.nextInt(CONSULTANTS.length)], ward,
                1 + random.nextInt(24));
        stays.put(p, stay);
        String diagnosis = random.nextBoolean() ? dg1(1, DIAGNOSES[random.nextInt(DIAGNOSES.length)], "A") : null;
        return adt(p, "A01", "ADT_A01", List.of(pv1(stay, null)), true, true, diagnosis);
    }

    private SyntheticMessage transfer(SyntheticPerson p, Stay stay) {
        String prior = location(stay);
        String[] ward;
        do {
            ward = WARDS[random.nextInt(WARDS.length)];
        } while (ward == stay.ward);
        stay.ward = ward;
        stay.bed = 1 + random.nextInt(24);
        stay.transfers++;
        return adt(p, "A02", "ADT_A02", List.of(pv1(stay, prior)), false, false, null);
    }

    private SyntheticMessage discharge(SyntheticPerson p, Stay stay) {
        stays.remove(p);
        stay.discharged = clock;
        lastDischarge.put(p, stay);
        String diagnosis = dg1(1, DIAGNOSES[random.nextInt(DIAGNOSES.length)], "F");
        return adt(p, "A03", "ADT_A03", List.of(pv1(stay, null)), false, false, diagnosis);
    }

    private SyntheticMessage cancelAdmit(SyntheticPerson p, Stay stay) {
        stays.remove(p);
        return adt(p, "A11", "ADT_A09", List.of(pv1(stay, null)), false, false, null);
    }

    private SyntheticMessage cancelDischarge(SyntheticPerson p, Stay stay) {
        stay.discharged = null;
        stays.put(p, stay);
        return adt(p, "A13", "ADT_A01", List.of(pv1(stay, null)), false, false, null);
    }

    private SyntheticMessage update(SyntheticPerson p, String trigger) {
        Stay stay = stays.get(p);
        String pv1 = stay != null ? pv1(stay, null)
                : pv1("O", "OPD3^^^RXP^^^^^Outpatients 3", null, "R", null, pick(SPECIALTIES), visitNumber(), clock, null, null);
        return adt(p, trigger, "ADT_A01", List.of(pv1), true, true, null);
    }

    /** A28 (add person) or A31 (update person): demographics only, PV1 class N. */
    private SyntheticMessage personUpdate(SyntheticPerson p, String trigger) {
        return adt(p, trigger, "ADT_A05", List.of("PV1|1|N"), true, true, null);
    }

    private SyntheticMessage merge(SyntheticPopulation.Duplicate pair) {
        merged.add(pair.duplicate());
        stays.remove(pair.duplicate());
        SyntheticPerson dup = pair.duplicate();
        String mrg = "MRG|" + dup.hospitalNumber() + "^^^CDDFT^MR~" + dup.nhsField() + "||||||"
                + name(dup);
        String version = version();
        StringBuilder m = header("PAS", "ADT^A40^ADT_A39", version);
        m.append("\rEVN|A40|").append(ts(clock));
        m.append('\r').append(pid(pair.original()));
        m.append('\r').append(pd1(pair.original()));
        m.append('\r').append(mrg);
        return new SyntheticMessage(lastControlId(), "ADT^A40", version, pair.original().nhsIntent(), m.toString());
    }

    private SyntheticMessage result(SyntheticPerson p, Stay stay) {
        String version = "2.5.1";
        StringBuilder m = header("LAB", "ORU^R01^ORU_R01", version);
        m.append('\r').append(pid(p));
        m.append('\r').append(stay != null ? pv1(stay, null)
                : pv1("O", "GP^^^RXP^^^^^Primary care request", null, null, null, null, null, null, null, null));
        String placer = "PL" + (100000 + random.nextInt(900000));
        String filler = "LB" + sequence + String.format("%04d", random.nextInt(10000));
        Instant collected = clock.minus(Duration.ofMinutes(60 + random.nextInt(120)));
        String orderer = stay != null ? stay.consultant[0] + "^" + stay.consultant[1] + "^" + stay.consultant[2] + "^^^DR"
                : p.practice().gpCode() + "^" + p.practice().gpFamily() + "^" + p.practice().gpGiven() + "^^^DR";
        m.append("\rORC|RE|").append(placer).append("^PAS|").append(filler).append("^LAB");
        boolean fbc = random.nextBoolean();
        m.append("\rOBR|1|").append(placer).append("^PAS|").append(filler).append("^LAB|")
                .append(fbc ? "FBC^Full blood count^L" : "UE^Urea and electrolytes^L")
                .append("|||").append(ts(collected)).append("|||||||").append(ts(collected.plusSeconds(1200)))
                .append("||").append(orderer).append("||||||").append(ts(clock)).append("|||F");
        if (fbc) {
            obx(m, 1, "HB^Haemoglobin^L^718-7^Hemoglobin [Mass/volume] in Blood^LN", gaussian(128, 16, 0), "g/L", 115, 180);
            obx(m, 2, "WBC^White cell count^L^6690-2^Leukocytes [#/volume] in Blood by Automated count^LN", gaussian(8, 2.6, 1), "10*9/L", 4.0, 11.0);
            obx(m, 3, "PLT^Platelets^L^777-3^Platelets [#/volume] in Blood by Automated count^LN", gaussian(260, 70, 0), "10*9/L", 150, 400);
        } else {
            obx(m, 1, "NA^Sodium^L^2951-2^Sodium [Moles/volume] in Serum or Plasma^LN", gaussian(139, 3.5, 0), "mmol/L", 133, 146);
            obx(m, 2, "K^Potassium^L^2823-3^Potassium [Moles/volume] in Serum or Plasma^LN", gaussian(4.3, 0.5, 1), "mmol/L", 3.5, 5.3);
            obx(m, 3, "UREA^Urea^L^22664-7^Urea [Moles/volume] in Serum or Plasma^LN", gaussian(6.5, 2.5, 1), "mmol/L", 2.5, 7.8);
            obx(m, 4, "CREA^Creatinine^L^14682-9^Creatinine [Moles/volume] in Serum or Plasma^LN", gaussian(90, 25, 0), "umol/L", 59, 104);
        }
        return new SyntheticMessage(lastControlId(), "ORU^R01", version, p.nhsIntent(), m.toString());
    }

    // ---- segments

    private SyntheticMessage adt(SyntheticPerson p, String trigger, String structure, List<String> visit,
                                 boolean withKin, boolean withAllergies, String diagnosis) {
        String version = version();
        StringBuilder m = header("PAS", "ADT^" + trigger + "^" + structure, version);
        m.append("\rEVN|").append(trigger).append('|').append(ts(clock));
        m.append('\r').append(pid(p));
        m.append('\r').append(pd1(p));
        if (withKin && p.nextOfKin() != null) {
            SyntheticPerson.NextOfKin k = p.nextOfKin();
            m.append("\rNK1|1|").append(k.family()).append('^').append(k.given()).append('|')
                    .append(k.relationshipCode()).append('^').append(k.relationship()).append("^HL70063|")
                    .append(address(p)).append('|').append(k.phone()).append("^PRN^PH||NOK^Next of kin^HL70131");
        }
        for (String segment : visit) {
            m.append('\r').append(segment);
        }
        if (withAllergies) {
            int i = 1;
            for (SyntheticPerson.Allergy a : p.allergies()) {
                m.append("\rAL1|").append(i++).append('|').append(a.type()).append('^').append(a.typeText()).append("^HL70127|")
                        .append(a.code()).append('^').append(a.text()).append("^L|").append(a.severity()).append('|')
                        .append(a.reaction());
            }
        }
        if (diagnosis != null) {
            m.append('\r').append(diagnosis);
        }
        return new SyntheticMessage(lastControlId(), "ADT^" + trigger, version, p.nhsIntent(), m.toString());
    }

    private StringBuilder header(String application, String type, String version) {
        sequence++;
        StringBuilder m = new StringBuilder(1024);
        m.append("MSH|^~\\&|").append(application).append("|RXP|CAREHUB|DTOGETHER|").append(ts(clock)).append("||")
                .append(type).append('|').append(lastControlId()).append("|P|").append(version).append("|||AL|NE|GBR");
        return m;
    }

    private String lastControlId() {
        return prefix + String.format("%06d", sequence);
    }

    private static String pid(SyntheticPerson p) {
        String ids = p.nhsField() == null
                ? p.hospitalNumber() + "^^^CDDFT^MR"
                : p.nhsField() + "~" + p.hospitalNumber() + "^^^CDDFT^MR";
        return "PID|1||" + ids + "||" + name(p) + "||" + p.birthDate().toString().replace("-", "") + '|' + p.sex()
                + "|||" + address(p) + "||" + p.phone() + "^PRN^PH";
    }

    private static String name(SyntheticPerson p) {
        return p.family() + '^' + p.given() + '^' + (p.middle() == null ? "" : p.middle()) + "^^" + p.title();
    }

    private static String address(SyntheticPerson p) {
        return p.addressLine() + "^^Darlington^^" + p.postcode() + "^GBR^H";
    }

    /** The registered GP practice, its ODS code in PD1-3.3 as NHS interfaces send it. */
    private static String pd1(SyntheticPerson p) {
        SyntheticPerson.Practice gp = p.practice();
        return "PD1|||" + gp.name() + "^^" + gp.odsCode() + '|' + gp.gpCode() + '^' + gp.gpFamily() + '^' + gp.gpGiven() + "^^^DR";
    }

    private String pv1(Stay stay, String priorLocation) {
        String consultant = stay.consultant[0] + "^" + stay.consultant[1] + "^" + stay.consultant[2] + "^^^DR";
        return pv1("I", location(stay), priorLocation, "E", consultant, stay.specialty, stay.visitNumber, stay.admitted,
                stay.discharged, stay.discharged == null ? null : "19");
    }

    private static String location(Stay stay) {
        return stay.ward[0] + "^^" + stay.bed + "^RXP^^^^^" + stay.ward[1];
    }

    private String pv1(String patientClass, String location, String priorLocation, String admissionType, String attending,
                       String service, String visitNumber, Instant admitted, Instant discharged, String disposition) {
        String[] f = new String[46];
        f[1] = "1";
        f[2] = patientClass;
        f[3] = location;
        f[4] = admissionType;
        f[6] = priorLocation;
        f[7] = attending;
        f[10] = service;
        f[19] = visitNumber == null ? null : visitNumber + "^^^RXP^VN";
        f[36] = disposition;
        f[44] = admitted == null ? null : ts(admitted);
        f[45] = discharged == null ? null : ts(discharged);
        int last = 45;
        while (last > 2 && f[last] == null) {
            last--;
        }
        StringBuilder s = new StringBuilder("PV1");
        for (int i = 1; i <= last; i++) {
            s.append('|');
            if (f[i] != null) {
                s.append(f[i]);
            }
        }
        return s.toString();
    }

    private String dg1(int setId, String[] diagnosis, String type) {
        return "DG1|" + setId + "||" + diagnosis[0] + '^' + diagnosis[1] + "^I10||" + ts(clock) + '|' + type;
    }

    private void obx(StringBuilder m, int setId, String code, String value, String units, double low, double high) {
        double v = Double.parseDouble(value);
        String flag = v < low ? "L" : v > high ? "H" : "N";
        m.append("\rOBX|").append(setId).append("|NM|").append(code).append("||").append(value).append('|').append(units)
                .append('|').append(format(low)).append('-').append(format(high)).append('|').append(flag)
                .append("|||F|||").append(ts(clock));
    }

    // ---- small things

    private String visitNumber() {
        return "V" + (7000000 + ++visits);
    }

    private String version() {
        return random.nextInt(5) < 2 ? "2.4" : "2.5.1";
    }

    private String gaussian(double mean, double sd, int decimals) {
        double v = Math.max(0.1, mean + random.nextGaussian() * sd);
        return decimals == 0 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String ts(Instant instant) {
        return TS.format(instant);
    }
}
