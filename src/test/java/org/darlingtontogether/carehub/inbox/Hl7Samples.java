package org.darlingtontogether.carehub.inbox;

/** Synthetic hospital messages (test NHS numbers, invented people) for the inbox tests. */
final class Hl7Samples {

    private Hl7Samples() {
    }

    static String adtA01(String controlId) {
        return "MSH|^~\\&|PAS|CDDFT|CAREHUB|DARLINGTON|20250301101500||ADT^A01^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A01|20250301101500\r"
                + "PID|1||9990000018^^^NHS^NH~D123456^^^CDDFT^MR||TESTPATIENT^ALEX^^^MX||19400101|M|||1 HIGH ROW^^DARLINGTON^^DL1 5QA\r"
                + "PV1|1|I|WARD12^BED3^^DMH||||C1234567^DOCTOR^DEE|||||||||||V1001|||||||||||||||||||||||||20250301101500\r";
    }

    static String adtA08v23(String controlId) {
        return "MSH|^~\\&|PAS|CDDFT|CAREHUB|DARLINGTON|20250301101500||ADT^A08|" + controlId + "|P|2.3\r"
                + "EVN|A08|20250301101500\r"
                + "PID|1||9990000018^^^NHS~D123456^^^CDDFT||TESTPATIENT^ALEX||19400101|M\r";
    }

    static String siuS12(String controlId) {
        return "MSH|^~\\&|PAS|CDDFT|CAREHUB|DARLINGTON|20250301101500||SIU^S12^SIU_S12|" + controlId + "|P|2.5\r"
                + "SCH|1234^CDDFT|||||||||20^MIN\r"
                + "PID|1||9990000018^^^NHS^NH||TESTPATIENT^ALEX||19400101|M\r";
    }

    static String garbage() {
        return "THIS IS NOT HL7 AT ALL\rPID|1||9990000018^^^NHS^NH||TESTPATIENT^ALEX\r";
    }
}
