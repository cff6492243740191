package org.darlingtontogether.carehub.demo;

import java.time.LocalDate;
import java.util.List;

/**
 * A made-up person known to the simulated hospital. Every detail is synthetic: NHS numbers are test numbers (starting
 * 999), telephone numbers are in Ofcom's drama range (01632 960xxx), names and house numbers are drawn at random.
 *
 * @param nhsField       PID-3 repetition carrying the NHS number as the hospital writes it, or null when it has none
 * @param nhsIntent      whether the hub should find a valid NHS number in it (or quarantine the messages)
 * @param nhsNumber      the ten digits when valid, else null
 */
public record SyntheticPerson(
        String hospitalNumber,
        String nhsField,
        SyntheticAdt.NhsIntent nhsIntent,
        String nhsNumber,
        String family,
        String given,
        String middle,
        String title,
        String sex,
        LocalDate birthDate,
        String addressLine,
        String postcode,
        String phone,
        Practice practice,
        NextOfKin nextOfKin,
        List<Allergy> allergies) {

    /** A GP practice: its ODS code and one of its GPs. */
    public record Practice(String odsCode, String name, String gpCode, String gpFamily, String gpGiven) {
    }

    public record NextOfKin(String family, String given, String relationshipCode, String relationship, String phone) {
    }

    /** An allergy: HL7 table 0127 type, a local allergen code and text, table 0128 severity, a reaction. */
    public record Allergy(String type, String typeText, String code, String text, String severity, String reaction) {
    }
}
