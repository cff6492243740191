package org.darlingtontogether.carehub.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.darlingtontogether.carehub.identify.NhsNumber;

/**
 * The simulated hospital's patients: made-up Darlington residents with valid test NHS numbers, a few whose NHS number
 * the hospital does not have or holds wrongly (their messages go to quarantine), and a few duplicate registrations
 * of the same person under a second hospital and NHS number, later merged (A40). The same seed gives the same people.
 */
public final class SyntheticPopulation {

    private static final String[] FAMILY = {"Smith", "Jones", "Taylor", "Brown", "Wilson", "Robson", "Walker", "Wright",
            "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harrison", "Lewis", "Clarke", "Jackson",
            "Atkinson", "Dixon", "Hutchinson", "Bell", "Scott", "Watson", "Pearson", "Carr", "Armstrong", "Stephenson",
            "Richardson", "Heslop", "Peacock", "Teasdale", "Raine", "Dodds", "Nicholson", "Lowes", "Metcalfe"};
    private static final String[] GIVEN_F = {"Margaret", "Joan", "Dorothy", "Patricia", "Jean", "Sheila", "Irene", "Brenda",
            "Maureen", "Eileen", "Doreen", "Sandra", "Susan", "Christine", "Linda", "Karen", "Emma", "Sarah", "Amy", "Chloe"};
    private static final String[] GIVEN_M = {"John", "William", "George", "Robert", "Thomas", "James", "Kenneth", "Ronald",
            "Dennis", "Peter", "Brian", "Alan", "David", "Michael", "Stephen", "Paul", "Mark", "Daniel", "Liam", "Jack"};
    private static final String[] STREETS = {"Northgate", "Grange Road", "Victoria Road", "Yarm Road", "Cockerton Green",
            "Woodland Road", "Haughton Road", "Coniscliffe Road", "Abbey Road", "Harrowgate Hill", "Neasham Road",
            "Geneva Road", "Eastbourne Road", "Whinfield Road", "Brinkburn Road", "Carmel Road North"};
    /** Inward-code letters a postcode can use (never C, I, K, M, O or V). */
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    private static final SyntheticPerson.Practice[] PRACTICES = {
            new SyntheticPerson.Practice("A83901", "Northgate Medical Practice", "G9100011", "Hardy", "Claire"),
            new SyntheticPerson.Practice("A83902", "Cockerton Surgery", "G9100022", "Okafor", "Daniel"),
            new SyntheticPerson.Practice("A83903", "Skerne Park Health Centre", "G9100033", "Patel", "Anita"),
            new SyntheticPerson.Practice("A83904", "Hurworth Road Surgery", "G9100044", "McLean", "Ross"),
            new SyntheticPerson.Practice("A83905", "Whinfield Medical Centre", "G9100055", "Dunn", "Helen")};
    private static final String[][] RELATIONSHIPS = {{"SPO", "Spouse"}, {"DAU", "Daughter"}, {"SON", "Son"},
            {"SIB", "Sibling"}, {"FND", "Friend"}};
    private static final SyntheticPerson.Allergy[] ALLERGIES = {
            new SyntheticPerson.Allergy("DA", "Drug allergy", "PEN", "Penicillin", "SV", "Anaphylaxis"),
            new SyntheticPerson.Allergy("DA", "Drug allergy", "ASP", "Aspirin", "MO", "Rash"),
            new SyntheticPerson.Allergy("DA", "Drug allergy", "TRIM", "Trimethoprim", "MI", "Nausea"),
            new SyntheticPerson.Allergy("FA", "Food allergy", "PNUT", "Peanut", "SV", "Swelling of lips"),
            new SyntheticPerson.Allergy("MA", "Miscellaneous allergy", "LATX", "Latex", "MO", "Urticaria")};

    private final List<SyntheticPerson> people;
    private final List<Duplicate> duplicates;

    /** A second registration of the same person, to be merged into the first. */
    public record Duplicate(SyntheticPerson original, SyntheticPerson duplicate) {
    }

    private SyntheticPopulation(List<SyntheticPerson> people, List<Duplicate> duplicates) {
        this.people = List.copyOf(people);
        this.duplicates = List.copyOf(duplicates);
    }

    /**
     * @param traced     people with a valid NHS number (~50)
     * @param untraced   people whose NHS number is missing or invalid in the hospital's system
     * @param duplicated of the traced people, how many were registered a second time
     */
    public static SyntheticPopulation create(long seed, int traced, int untraced, int duplicated) {
        Random random = new Random(seed);
        Set<String> usedNhs = new HashSet<>();
        List<SyntheticPerson> people = new ArrayList<>();
        int hospitalNumber = 4100000 + random.nextInt(100000);
        for (int i = 0; i < traced; i++) {
            String nhs = newNhsNumber(random, usedNhs);
            // most interfaces send NNNNNNNNNN^^^NHS^NH; an older one spaces the digits, another sends no type code
            String field = switch (i % 12) {
                case 5 -> nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6) + "^^^NHS^NH";
                case 9 -> nhs + "^^^NHS";
                default -> nhs + "^^^NHS^NH";
            };
            people.add(person(random, "RX" + (hospitalNumber++), field, SyntheticAdt.NhsIntent.VALID, nhs));
        }
        for (int i = 0; i < untraced; i++) {
            SyntheticPerson p = switch (i % 3) {
                case 0 -> person(random, "RX" + (hospitalNumber++), null, SyntheticAdt.NhsIntent.MISSING, null);
                case 1 -> person(random, "RX" + (hospitalNumber++), wrongCheckDigit(newNhsNumber(random, usedNhs)) + "^^^NHS^NH",
                        SyntheticAdt.NhsIntent.INVALID, null);
                default -> person(random, "RX" + (hospitalNumber++), newNhsNumber(random, usedNhs).substring(0, 9) + "^^^NHS^NH",
                        SyntheticAdt.NhsIntent.INVALID, null);
            };
            people.add(p);
        }
        List<Duplicate> duplicates = new ArrayList<>();
        for (int i = 0; i < duplicated && i < traced; i++) {
            SyntheticPerson original = people.get(traced - 1 - i * 3);
            String nhs = newNhsNumber(random, usedNhs);
            SyntheticPerson dup = new SyntheticPerson("RX" + (hospitalNumber++), nhs + "^^^NHS^NH", SyntheticAdt.NhsIntent.VALID, nhs,
                    original.family(), original.given(), original.middle(), original.title(), original.sex(), original.birthDate(),
                    original.addressLine(), original.postcode(), original.phone(), original.practice(), original.nextOfKin(), List.of());
            duplicates.add(new Duplicate(original, dup));
            people.add(dup);
        }
        return new SyntheticPopulation(people, duplicates);
    }

    public List<SyntheticPerson> people() {
        return people;
    }

    public List<Duplicate> duplicates() {
        return duplicates;
    }

    /** A valid test NHS number (999 and six random digits, then the check digit), not used before. */
    static String newNhsNumber(Random random, Set<String> used) {
        while (true) {
            String nine = "999" + String.format("%06d", random.nextInt(1_000_000));
            for (int check = 0; check <= 9; check++) {
                String candidate = nine + check;
                if (NhsNumber.isValid(candidate) && used.add(candidate)) {
                    return candidate;
                }
            }
        }
    }

    /** The same first nine digits with a check digit that does not match. */
    static String wrongCheckDigit(String valid) {
        String nine = valid.substring(0, 9);
        int check = valid.charAt(9) - '0';
        return nine + ((check + 1) % 10);
    }

    private static SyntheticPerson person(Random random, String hospitalNumber, String nhsField,
                                          SyntheticAdt.NhsIntent intent, String nhs) {
        boolean female = random.nextBoolean();
        String[] givens = female ? GIVEN_F : GIVEN_M;
        String family = pick(random, FAMILY);
        // mostly older people, the MDTs' population, and some younger
        LocalDate born = random.nextInt(4) == 0
                ? LocalDate.of(1965 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28))
                : LocalDate.of(1926 + random.nextInt(35), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String title = female ? (random.nextBoolean() ? "Mrs" : "Ms") : "Mr";
        String postcode = (random.nextBoolean() ? "DL1 " : "DL3 ") + (1 + random.nextInt(9))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
        SyntheticPerson.NextOfKin nok = null;
        if (random.nextInt(5) > 0) {
            String[] rel = RELATIONSHIPS[random.nextInt(RELATIONSHIPS.length)];
            boolean sameFamily = !rel[0].equals("FND");
            nok = new SyntheticPerson.NextOfKin(sameFamily ? family : pick(random, FAMILY),
                    pick(random, random.nextBoolean() ? GIVEN_F : GIVEN_M), rel[0], rel[1], drama(random));
        }
        List<SyntheticPerson.Allergy> allergies = new ArrayList<>();
        if (random.nextInt(10) < 3) {
            allergies.add(ALLERGIES[random.nextInt(ALLERGIES.length)]);
            if (random.nextInt(4) == 0) {
                SyntheticPerson.Allergy second = ALLERGIES[random.nextInt(ALLERGIES.length)];
                if (!second.equals(allergies.get(0))) {
                    allergies.add(second);
                }
            }
        }
        return new SyntheticPerson(hospitalNumber, nhsField, intent, nhs, family, pick(random, givens),
                random.nextInt(3) == 0 ? pick(random, givens) : null, title, female ? "F" : "M", born,
                (1 + random.nextInt(180)) + " " + pick(random, STREETS), postcode, drama(random),
                PRACTICES[random.nextInt(PRACTICES.length)], nok, List.copyOf(allergies));
    }

    /** A number from the range Ofcom keeps for drama, never a real line. */
    private static String drama(Random random) {
        return "01632 960" + String.format("%03d", random.nextInt(1000));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
