package org.darlingtontogether.carehub.support;

import java.util.Arrays;
import org.darlingtontogether.carehub.identify.NhsNumber;

/** HL7 v2 messages as the hospital's PAS sends them, written out field by field for tests. */
public final class HospitalMessages {

    private HospitalMessages() {
    }

    /** An ADT event (A01, A02, A03, A04, A08, A11, A13) for one person and visit. */
    public static String adt(String event, String controlId, String nhs, String visit, String ward, String discharged, String family) {
        String structure = switch (event) {
            case "A02" -> "ADT_A02";
            case "A03" -> "ADT_A03";
            default -> "ADT_A01";
        };
        return String.join("\r",
                "MSH|^~\\&|PAS|CDDFT|CAREHUB|DT|20261123101500||ADT^" + event + "^" + structure + "|" + controlId + "|P|2.4",
                "EVN|" + event + "|20261123101500",
                "PID|1||" + nhs + "^^^NHS^NH~H" + controlId + "^^^CDDFT^MR||" + family + "^ALEX^^^MX||19450101|F|||1 HIGH ROW^^DARLINGTON^^DL1 5AA",
                "PD1|||HIGH ROW PRACTICE^^A81001",
                pv1(ward, visit, discharged)) + "\r";
    }

    /** PV1 with class, location, consultant, specialty, visit number (PV1-19), admitted (PV1-44), discharged (PV1-45). */
    public static String pv1(String ward, String visit, String discharged) {
        String[] fields = new String[46];
        Arrays.fill(fields, "");
        fields[0] = "PV1";
        fields[1] = "1";
        fields[2] = "I";
        fields[3] = ward + "^BED1^^DMH";
        fields[7] = "C123^CONSULTANT^A";
        fields[10] = "MED";
        fields[19] = visit;
        fields[44] = "20261123100000";
        fields[45] = discharged;
        return String.join("|", fields);
    }

    /** The n-th valid test NHS number (999 prefix, Modulus 11 checked). */
    public static String testNhsNumber(int n) {
        int found = 0;
        for (long candidate = 999_000_000L; ; candidate++) {
            for (int check = 0; check <= 9; check++) {
                String number = Long.toString(candidate) + check;
                if (NhsNumber.isValid(number) && found++ == n) {
                    return number;
                }
            }
        }
    }
}
