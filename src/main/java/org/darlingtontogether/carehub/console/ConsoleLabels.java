package org.darlingtontogether.carehub.console;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.darlingtontogether.carehub.audit.AuditAction;

/** The words the console uses for audit actions, so a table reads "read by consumer" rather than an enum name. */
final class ConsoleLabels {

    private static final Map<String, String> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("ENTRY", "entry to the record");
        ACTIONS.put("READ", "read by consumer");
        ACTIONS.put("DELIVERY", "delivery decision");
        ACTIONS.put("RECHECK", "re-check after change");
        ACTIONS.put("DELIVERED", "delivered");
        ACTIONS.put("DELIVERY_FAILED", "delivery failed");
        ACTIONS.put("RETRACTION_DUE", "retraction due");
        ACTIONS.put("QUARANTINED", "quarantined");
        ACTIONS.put("RELEASED", "released from quarantine");
        ACTIONS.put("REPLAYED", "replayed");
        ACTIONS.put("AGREEMENT_LOADED", "agreement loaded");
        ACTIONS.put("CONSENT_RECORDED", "consent recorded");
        ACTIONS.put("SIGN_IN", "console sign-in");
        ACTIONS.put("SIGN_IN_REFUSED", "console sign-in refused");
        ACTIONS.put("AUDIT_EXPORTED", "audit disclosed");
        ACTIONS.put("AUDIT_VERIFIED", "audit verified");
        if (!ACTIONS.keySet().equals(Arrays.stream(AuditAction.values()).map(Enum::name).collect(Collectors.toSet()))) {
            throw new IllegalStateException("ConsoleLabels must name every AuditAction");
        }
    }

    private ConsoleLabels() {
    }

    /** The label of an action name; an unknown name as it is. */
    static String action(String name) {
        return name == null ? "" : ACTIONS.getOrDefault(name, name);
    }

    /** Every action name with its label, in the order of the audit log's life cycle, for a filter's options. */
    static Map<String, String> actions() {
        return ACTIONS;
    }
}
