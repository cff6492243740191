package org.darlingtontogether.carehub.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;

/**
 * The council's adult social care extracts (partners.md: people, packages of care, assessments, carers) made up for
 * synthetic people: for the demo's simulated council drop (some of the simulated hospital's people), and in bulk for
 * tests and benchmarks. Dates {@code dd/MM/yyyy}, CRLF lines, fields quoted where they hold commas.
 */
public final class SyntheticExtracts {

    public static final String PEOPLE_HEADER = "person_id,nhs_number,surname,forename,date_of_birth,gender,address_line1,"
            + "town,postcode,gp_practice_code,social_care_status,objection_to_sharing";
    public static final String PACKAGES_HEADER = "package_id,person_id,nhs_number,service_type,provider,start_date,"
            + "end_date,weekly_hours,status";
    public static final String ASSESSMENTS_HEADER = "assessment_id,person_id,nhs_number,assessment_type,completed_date,"
            + "outcome,team";
    public static final String CARERS_HEADER = "carer_id,cared_for_person_id,cared_for_nhs_number,carer_surname,"
            + "carer_forename,relationship,carer_assessment_date";
    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String[] SERVICES = {"Home care", "Day care", "Reablement", "Meals at home", "Telecare"};
    private static final String[] PROVIDERS = {"Darlington Home Care Ltd", "Skerne Park Day Centre", "Bishopton Care, North"};

    private SyntheticExtracts() {
    }

    /** A valid test NHS number (999...) for the i-th bulk row; neighbours may share one (about one in eleven). */
    public static String nhsNumber(int i) {
        int nine = 999_000_000 + Math.floorMod(i, 1_000_000);
        for (int step = 0; ; step++) {
            String digits = Integer.toString(nine + step);
            int sum = 0;
            for (int d = 0; d < 9; d++) {
                sum += (digits.charAt(d) - '0') * (10 - d);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return digits + check;
            }
        }
    }

    /** A people extract of {@code rows} bulk synthetic people, written in constant memory. */
    public static void writeBulkPeople(Path file, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(PEOPLE_HEADER + "\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write("P" + i + "," + nhsNumber(i) + ",SURNAME" + i + ",FORENAME,01/02/1940," + (i % 2 == 0 ? "F" : "M")
                        + ",\"" + (i % 180 + 1) + " High Row, Flat 1\",Darlington,DL1 1AA,A83010,OPEN,N\r\n");
            }
        }
    }

    /** The people extract for the demo: these people, two objecting to sharing, and one the council never traced. */
    public static void writePeople(Writer out, List<SyntheticPerson> people) throws IOException {
        out.write(PEOPLE_HEADER + "\r\n");
        for (int i = 0; i < people.size(); i++) {
            SyntheticPerson p = people.get(i);
            line(out, personId(i), p.nhsNumber(), p.family(), p.given(), UK.format(p.birthDate()), p.sex(),
                    p.addressLine(), "Darlington", p.postcode(), p.practice().odsCode(), i % 7 == 6 ? "CLOSED" : "OPEN",
                    i % 9 == 4 ? "Y" : "N");
        }
        // known to the council under an NHS number that fails its check: quarantined, never merged by guesswork
        line(out, "DBC-UNTRACED", "9990000019", "Nobody", "Known", "01/01/1950", "U", "", "Darlington", "", "", "OPEN", "");
    }

    public static void writePackages(Writer out, List<SyntheticPerson> people) throws IOException {
        out.write(PACKAGES_HEADER + "\r\n");
        for (int i = 0; i < people.size(); i += 2) {
            SyntheticPerson p = people.get(i);
            LocalDate start = LocalDate.of(2025, 1 + i % 12, 1 + i % 27);
            line(out, "PKG-" + (5000 + i), personId(i), p.nhsNumber(), SERVICES[i % SERVICES.length],
                    PROVIDERS[i % PROVIDERS.length], UK.format(start), i % 6 == 4 ? UK.format(start.plusMonths(3)) : "",
                    Integer.toString(4 + i % 15) + (i % 4 == 0 ? ".5" : ""), i % 6 == 4 ? "ENDED" : "ACTIVE");
        }
        // a row the council's system got wrong: rejected with its row number in the reject report
        line(out, "PKG-BAD", personId(0), people.get(0).nhsNumber(), "Home care", PROVIDERS[0], "31/02/2025", "", "7",
                "ACTIVE");
    }

    public static void writeAssessments(Writer out, List<SyntheticPerson> people) throws IOException {
        out.write(ASSESSMENTS_HEADER + "\r\n");
        for (int i = 1; i < people.size(); i += 2) {
            SyntheticPerson p = people.get(i);
            line(out, "ASM-" + (7000 + i), personId(i), p.nhsNumber(), i % 4 == 1 ? "Care Act assessment" : "Review",
                    UK.format(LocalDate.of(2025, 1 + i % 12, 2 + i % 26)), i % 3 == 0 ? "Not eligible" : "Eligible",
                    i % 2 == 1 ? "Locality West" : "Reablement");
        }
    }

    public static void writeCarers(Writer out, List<SyntheticPerson> people) throws IOException {
        out.write(CARERS_HEADER + "\r\n");
        for (int i = 0; i < people.size(); i++) {
            SyntheticPerson p = people.get(i);
            if (p.nextOfKin() == null || i % 3 != 0) {
                continue;
            }
            line(out, "CAR-" + (9000 + i), personId(i), p.nhsNumber(), p.nextOfKin().family(), p.nextOfKin().given(),
                    p.nextOfKin().relationship(), UK.format(LocalDate.of(2025, 3, 1 + i % 27)));
        }
    }

    private static String personId(int i) {
        return "DBC" + (10400 + i);
    }

    private static void line(Writer out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String field = fields[i] == null ? "" : fields[i];
            if (field.contains(",") || field.contains("\"")) {
                out.write('"' + field.replace("\"", "\"\"") + '"');
            } else {
                out.write(field);
            }
        }
        out.write("\r\n");
    }

    static boolean valid(String nhs) {
        return NhsNumber.isValid(nhs);
    }
}
