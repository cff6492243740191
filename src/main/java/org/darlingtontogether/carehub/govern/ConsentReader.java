package org.darlingtontogether.carehub.govern;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Turns a FHIR R4 Consent of the hub's profile (agreements/README.md) into directives, and says what is wrong with
 * one that does not follow the profile. The API refuses such a Consent; one that arrived from a partner is read
 * safe-side: a {@code deny} it cannot fully read becomes an objection to all sharing, a {@code permit} it cannot
 * fully read grants nothing.
 */
public final class ConsentReader {

    /** What a Consent came to: its directives (none for a draft, or one in error) and what does not follow the profile. */
    public record Reading(List<Directive> directives, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final Vocabulary vocabulary;

    public ConsentReader(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public Reading read(Consent consent, String consentRef) {
        List<String> problems = new ArrayList<>();
        Consent.ConsentState status = consent.getStatus();
        boolean withdrawn = status == Consent.ConsentState.INACTIVE || status == Consent.ConsentState.REJECTED;
        if (status == null) {
            problems.add("Consent.status is missing (active, or inactive/rejected for a withdrawal)");
        } else if (status != Consent.ConsentState.ACTIVE && !withdrawn) {
            // draft, proposed, entered-in-error: not a directive (yet, or any more)
            return new Reading(List.of(), List.of());
        }
        if (!hasCoding(consent.getScope(), ConsentProfile.SCOPE_SYSTEM, ConsentProfile.SCOPE_CODE)) {
            problems.add("Consent.scope must be " + ConsentProfile.SCOPE_SYSTEM + "|" + ConsentProfile.SCOPE_CODE);
        }
        String recorder = recorder(consent);
        if (recorder == null) {
            problems.add("who recorded it is missing: give Consent.organization or Consent.performer (an identifier or display)");
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        Directive.Kind kind = null;
        if (!consent.hasProvision() || provision.getType() == null) {
            problems.add("Consent.provision.type is missing: deny (an objection) or permit (an explicit consent)");
        } else {
            kind = provision.getType() == Consent.ConsentProvisionType.DENY ? Directive.Kind.OBJECTION : Directive.Kind.EXPLICIT_CONSENT;
        }
        if (provision.hasProvision()) {
            problems.add("Consent.provision.provision: nested provisions are not supported; record one Consent per directive");
        }
        List<String> sources = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        for (int i = 0; i < provision.getActor().size(); i++) {
            actor(provision.getActor().get(i).getReference(), "Consent.provision.actor[" + i + "]", sources, consumers, problems);
        }
        List<String> categories = new ArrayList<>();
        List<Coding> labels = new ArrayList<>(provision.getSecurityLabel());
        labels.addAll(provision.getClass_());
        for (Coding label : labels) {
            String category = SecurityLabels.category(label.getSystem(), label.getCode());
            if (category == null) {
                problems.add("Consent.provision.securityLabel/class " + label.getSystem() + "|" + label.getCode()
                        + " is not a data category (system " + RecordMeta.SECURITY_SYSTEM + ", codes: " + String.join(", ", vocabulary.categories()) + ")");
            } else if (!categories.contains(category)) {
                categories.add(category);
            }
        }
        List<String> purposes = new ArrayList<>();
        for (Coding purpose : provision.getPurpose()) {
            String code = purpose(purpose);
            if (code == null) {
                problems.add("Consent.provision.purpose " + purpose.getSystem() + "|" + purpose.getCode() + " is not a purpose (system "
                        + ConsentProfile.PURPOSE_SYSTEM + ", codes: " + String.join(", ", vocabulary.purposes()) + ")");
            } else if (!purposes.contains(code)) {
                purposes.add(code);
            }
        }
        LocalDate from = provision.getPeriod().hasStart() ? date(provision.getPeriod().getStartElement())
                : consent.hasDateTime() ? date(consent.getDateTimeElement()) : null;
        LocalDate to = provision.getPeriod().hasEnd() ? date(provision.getPeriod().getEndElement()) : null;
        if (from != null && to != null && to.isBefore(from)) {
            problems.add("Consent.provision.period ends before it starts");
        }

        if (!problems.isEmpty()) {
            // safe side: an objection we cannot fully read objects to everything; a consent we cannot read grants nothing
            if (kind == Directive.Kind.OBJECTION) {
                return new Reading(List.of(new Directive(kind, consentRef, null, null, null, null, from, to, recorder, withdrawn)), problems);
            }
            return new Reading(List.of(), problems);
        }
        List<Directive> directives = new ArrayList<>();
        for (String source : orAny(sources)) {
            for (String consumer : orAny(consumers)) {
                for (String category : orAny(categories)) {
                    for (String purpose : orAny(purposes)) {
                        directives.add(new Directive(kind, consentRef, source, consumer, category, purpose, from, to, recorder, withdrawn));
                    }
                }
            }
        }
        return new Reading(directives, List.of());
    }

    /** The NHS number the Consent is about ({@code Consent.patient.identifier}), or null. */
    public static String nhsNumber(Consent consent) {
        Identifier identifier = consent.getPatient().getIdentifier();
        if (identifier != null && NhsNumber.SYSTEM.equals(identifier.getSystem()) && NhsNumber.isValid(identifier.getValue())) {
            return NhsNumber.of(identifier.getValue()).value();
        }
        return null;
    }

    private void actor(Reference reference, String where, List<String> sources, List<String> consumers, List<String> problems) {
        Identifier identifier = reference.getIdentifier();
        String system = identifier == null ? null : identifier.getSystem();
        String value = identifier == null ? null : identifier.getValue();
        if (ConsentProfile.CONSUMER_SYSTEM.equals(system) && vocabulary.consumers().contains(value)) {
            consumers.add(value);
        } else if (ConsentProfile.PARTNER_SYSTEM.equals(system) && vocabulary.partners().contains(value)) {
            sources.add(value);
        } else {
            problems.add(where + ".reference.identifier must name a known consumer (" + ConsentProfile.CONSUMER_SYSTEM + ": "
                    + String.join(", ", vocabulary.consumers()) + ") or partner (" + ConsentProfile.PARTNER_SYSTEM + ": "
                    + String.join(", ", vocabulary.partners()) + "), not " + system + "|" + value);
        }
    }

    private String purpose(Coding coding) {
        if (ConsentProfile.PURPOSE_SYSTEM.equals(coding.getSystem()) && vocabulary.purposes().contains(coding.getCode())) {
            return coding.getCode();
        }
        if (ConsentProfile.ACT_REASON_SYSTEM.equals(coding.getSystem())) {
            return switch (String.valueOf(coding.getCode())) {
                case "TREAT", "ETREAT" -> "direct-care";
                case "HOPERAT", "HSYSADMIN", "POPHLTH" -> "planning";
                default -> null;
            };
        }
        return null;
    }

    private static String recorder(Consent consent) {
        for (Reference organization : consent.getOrganization()) {
            String who = who(organization);
            if (who != null) {
                return who;
            }
        }
        for (Reference performer : consent.getPerformer()) {
            String who = who(performer);
            if (who != null) {
                return who;
            }
        }
        return null;
    }

    private static String who(Reference reference) {
        if (reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
            return reference.getIdentifier().getValue();
        }
        if (reference.hasDisplay()) {
            return reference.getDisplay();
        }
        return reference.hasReference() ? reference.getReference() : null;
    }

    private static boolean hasCoding(CodeableConcept concept, String system, String code) {
        return concept != null && concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    /** The calendar date as written (a dateTime's own offset), so a period "to 2026-12-31" ends on that day. */
    private static LocalDate date(BaseDateTimeType value) {
        if (value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
            return LocalDate.of(value.getYear(), value.getPrecision() == TemporalPrecisionEnum.YEAR ? 1 : value.getMonth() + 1, 1);
        }
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }

    private static List<String> orAny(List<String> values) {
        if (values.isEmpty()) {
            List<String> any = new ArrayList<>(1);
            any.add(null);
            return any;
        }
        return values;
    }
}
