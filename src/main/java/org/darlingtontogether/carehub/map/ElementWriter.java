package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.model.Type;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * Carries out element rules on a FHIR element. A non-repeating element takes the first rule that yields a value
 * (later rules for it are fallbacks); a repeating one takes every value of every rule, in rule order.
 */
final class ElementWriter {

    private ElementWriter() {
    }

    /** Applies the rules in order; false when an element marked required is still empty (the element should be dropped). */
    static boolean applyAll(List<ElementRule> rules, IBase target, Scope scope) {
        boolean anyRequired = false;
        for (ElementRule rule : rules) {
            apply(rule, target, scope);
            anyRequired |= rule.required();
        }
        if (anyRequired) {
            for (ElementRule rule : rules) {
                if (rule.required() && !rule.target().occupied(target)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when the rule wrote at least one value (or the element already had its first-match value). */
    static boolean apply(ElementRule rule, IBase target, Scope scope) {
        if (!rule.when().isEmpty() && !Condition.all(rule.when(), scope)) {
            return false;
        }
        boolean repeating = rule.target().repeats();
        if (!repeating && rule.target().occupied(target)) {
            return true;
        }
        if (rule.source() == null) {
            IBase built = build(rule, scope);
            if (built == null) {
                return false;
            }
            rule.target().put(target, built);
            return true;
        }
        List<Object> values = rule.source().values(scope);
        if (values.isEmpty()) {
            return false;
        }
        ElementRule.Repeat repeat = rule.repeat() != null ? rule.repeat()
                : repeating ? ElementRule.Repeat.EACH : ElementRule.Repeat.FIRST;
        if (repeat == ElementRule.Repeat.JOIN) {
            String joined = join(values, rule, scope);
            if (joined == null) {
                return false;
            }
            IBase value = convert(rule, joined, scope);
            if (value == null) {
                return false;
            }
            rule.target().put(target, value);
            return true;
        }
        boolean wrote = false;
        for (Object raw : values) {
            if (!passes(rule, raw, scope)) {
                continue;
            }
            IBase value = convert(rule, raw, scope);
            if (value == null) {
                continue;
            }
            rule.target().put(target, value);
            wrote = true;
            if (repeat == ElementRule.Repeat.FIRST) {
                break;
            }
        }
        return wrote;
    }

    private static boolean passes(ElementRule rule, Object raw, Scope scope) {
        if (rule.filter().isEmpty()) {
            return true;
        }
        return raw instanceof Type type && Condition.all(rule.filter(), scope.withCurrent(type));
    }

    private static String join(List<Object> values, ElementRule rule, Scope scope) {
        StringBuilder out = null;
        for (Object raw : values) {
            if (!passes(rule, raw, scope)) {
                continue;
            }
            String text = Source.textOf(raw);
            if (text == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text);
            } else {
                out.append(rule.separator()).append(text);
            }
        }
        return out == null ? null : out.toString();
    }

    /** One source value as the target element, or null when it yields nothing. */
    private static IBase convert(ElementRule rule, Object raw, Scope scope) {
        if (raw instanceof IBase ready) {
            return rule.target().leafType().isInstance(ready) ? ready : null;
        }
        if (rule.leafKind() == ElementRule.LeafKind.BUILT) {
            return build(rule, raw instanceof Type type ? scope.withCurrent(type) : scope);
        }
        String text = Source.textOf(raw);
        if (text == null) {
            return null;
        }
        String system = rule.system() == null ? null : rule.system().text(scope);
        String display = null;
        if (rule.codesystem() != null) {
            CodeSystemMap.Translation translation = rule.codesystem().translate(text);
            if (translation == null) {
                return null;
            }
            text = translation.code();
            display = translation.display();
            if (translation.system() != null) {
                system = translation.system();
            }
        }
        if (rule.converter() == ElementRule.Converter.HL7_DATETIME) {
            text = Hl7DateTime.toFhir(text, rule.target().leafType());
            if (text == null) {
                return null;
            }
        }
        return LeafValue.of(rule.leafKind(), rule.target(), rule.codesystem() != null, rule.label(), text, system, display);
    }

    private static IBase build(ElementRule rule, Scope scope) {
        IBase element = rule.target().newLeaf();
        boolean complete = applyAll(rule.build(), element, scope);
        return complete && !element.isEmpty() ? element : null;
    }
}
