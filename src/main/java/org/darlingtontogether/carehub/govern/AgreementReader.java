package org.darlingtontogether.carehub.govern;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one agreement file and checks it against the hub's vocabulary: every partner, consumer, category and
 * purpose must be known, dates must be dates, a rule may not grant what the agreement says never leaves its source,
 * and each purpose has the consent model the law gives it (navigator explicit, planning opt-out-applies). The first
 * problem is reported with file and line.
 */
public final class AgreementReader {

    private static final Set<String> AGREEMENT_KEYS = Set.of("agreement", "version", "title", "valid", "parties", "never-leave", "rules");
    private static final Set<String> VALID_KEYS = Set.of("from", "to");
    private static final Set<String> RULE_KEYS = Set.of("id", "source", "categories", "consumers", "purpose", "legal-basis", "consent");
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,63}$");

    private final Vocabulary vocabulary;

    public AgreementReader(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public Agreement read(String file, String text) {
        LocatedYaml root = LocatedYaml.parse(file, text);
        root.allowOnly(AGREEMENT_KEYS);
        String id = id(root, "agreement");
        String version = root.string("version");
        LocatedYaml valid = required(root, "valid");
        valid.allowOnly(VALID_KEYS);
        LocalDate from = date(required(valid, "from"));
        LocalDate to = valid.get("to") == null ? null : date(valid.get("to"));
        if (to != null && to.isBefore(from)) {
            throw valid.get("to").fail("ends (" + to + ") before it starts (" + from + ")");
        }
        Set<String> parties = names(required(root, "parties"), vocabulary.partners(), "partner");
        Set<String> neverLeave = root.get("never-leave") == null && !root.map().containsKey("never-leave")
                ? Vocabulary.DEFAULT_NEVER_LEAVE
                : names(root.map().get("never-leave"), vocabulary.categories(), "category");
        List<SharingRule> rules = new ArrayList<>();
        Set<String> ruleIds = new HashSet<>();
        for (LocatedYaml node : required(root, "rules").items()) {
            SharingRule rule = rule(node, parties, neverLeave);
            if (!ruleIds.add(rule.id())) {
                throw node.fail("rule id '" + rule.id() + "' is used twice");
            }
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw root.fail("'rules' is empty: an agreement that shares nothing needs no file");
        }
        return new Agreement(id, version, root.optString("title"), from, to, parties, List.copyOf(rules), neverLeave, file);
    }

    private SharingRule rule(LocatedYaml node, Set<String> parties, Set<String> neverLeave) {
        node.allowOnly(RULE_KEYS);
        String id = id(node, "id");
        LocatedYaml sourceNode = required(node, "source");
        String source = sourceNode.scalar();
        if (!vocabulary.partners().contains(source)) {
            throw sourceNode.fail("'" + source + "' is not a known partner (known: " + String.join(", ", vocabulary.partners()) + ")");
        }
        if (!parties.contains(source)) {
            throw sourceNode.fail("'" + source + "' is not a party to this agreement (parties: " + String.join(", ", parties) + ")");
        }
        LocatedYaml categoriesNode = required(node, "categories");
        Set<String> categories = names(categoriesNode, vocabulary.categories(), "category");
        for (String category : categories) {
            if (neverLeave.contains(category)) {
                throw categoriesNode.fail("'" + category + "' never leaves its source under this agreement (never-leave), so no rule may share it");
            }
        }
        Set<String> consumers = names(required(node, "consumers"), vocabulary.consumers(), "consumer");
        LocatedYaml purposeNode = required(node, "purpose");
        String purpose = purposeNode.scalar();
        if (!vocabulary.purposes().contains(purpose)) {
            throw purposeNode.fail("'" + purpose + "' is not a known purpose (known: " + String.join(", ", vocabulary.purposes()) + ")");
        }
        String legalBasis = required(node, "legal-basis").scalar();
        LocatedYaml consentNode = required(node, "consent");
        ConsentModel consent = ConsentModel.fromCode(consentNode.scalar()).orElseThrow(() -> consentNode.fail("'" + consentNode.scalar()
                + "' is not a consent model (known: " + ConsentModel.knownCodes() + ")"));
        if (purpose.equals("navigator") && consent != ConsentModel.EXPLICIT) {
            throw consentNode.fail("the navigator purpose shares on explicit consent only: consent must be explicit");
        }
        if (purpose.equals("planning") && consent != ConsentModel.OPT_OUT_APPLIES) {
            throw consentNode.fail("the national data opt-out applies to planning: consent must be opt-out-applies");
        }
        if (!purpose.equals("planning") && consent == ConsentModel.OPT_OUT_APPLIES) {
            throw consentNode.fail("opt-out-applies is the consent model of planning, not of " + purpose);
        }
        return new SharingRule(id, source, categories, consumers, purpose, legalBasis, consent);
    }

    private static LocatedYaml required(LocatedYaml node, String key) {
        LocatedYaml child = node.get(key);
        if (child == null) {
            throw node.fail("'" + key + "' is missing");
        }
        return child;
    }

    private static String id(LocatedYaml node, String key) {
        LocatedYaml child = required(node, key);
        String id = child.scalar();
        if (!ID.matcher(id).matches()) {
            throw child.fail("'" + id + "' must be lower-case letters, digits, dots and dashes");
        }
        return id;
    }

    private static LocalDate date(LocatedYaml node) {
        try {
            return LocalDate.parse(node.scalar());
        } catch (DateTimeParseException e) {
            throw node.fail("'" + node.scalar() + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static Set<String> names(LocatedYaml node, Set<String> known, String what) {
        Set<String> names = new LinkedHashSet<>();
        if (node == null) {
            return names;
        }
        for (LocatedYaml item : node.items()) {
            String name = item.scalar();
            if (!known.contains(name)) {
                throw item.fail("'" + name + "' is not a known " + what + " (known: " + String.join(", ", known) + ")");
            }
            if (!names.add(name)) {
                throw item.fail("'" + name + "' is listed twice");
            }
        }
        return Set.copyOf(names);
    }
}
