package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * A FHIR element path ({@code gender}, {@code period.start}, {@code valueQuantity}) resolved once against HAPI's
 * model definitions, so that setting a value is a few accessor calls rather than a path search. Intermediate
 * elements are reused when present (the first one) and created only when a value is actually written.
 */
final class FhirElementPath {

    private final String text;
    private final BaseRuntimeChildDefinition[] children;
    private final BaseRuntimeElementDefinition<?>[] elements;

    private FhirElementPath(String text, BaseRuntimeChildDefinition[] children, BaseRuntimeElementDefinition<?>[] elements) {
        this.text = text;
        this.children = children;
        this.elements = elements;
    }

    static FhirElementPath compile(BaseRuntimeElementCompositeDefinition<?> owner, String path) {
        String[] steps = path.split("\\.");
        BaseRuntimeChildDefinition[] children = new BaseRuntimeChildDefinition[steps.length];
        BaseRuntimeElementDefinition<?>[] elements = new BaseRuntimeElementDefinition<?>[steps.length];
        BaseRuntimeElementCompositeDefinition<?> current = owner;
        for (int i = 0; i < steps.length; i++) {
            BaseRuntimeChildDefinition child = current.getChildByName(steps[i]);
            if (child == null) {
                throw new IllegalArgumentException("'" + steps[i] + "' is not an element of " + current.getName());
            }
            BaseRuntimeElementDefinition<?> element = child.getChildByName(steps[i]);
            if (element == null) {
                throw new IllegalArgumentException("'" + steps[i] + "' of " + current.getName()
                        + " is a choice: name the type, e.g. " + steps[i] + "String");
            }
            children[i] = child;
            elements[i] = element;
            if (i < steps.length - 1) {
                if (!(element instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                    throw new IllegalArgumentException("'" + steps[i] + "' of " + current.getName() + " has no children");
                }
                current = composite;
            }
        }
        return new FhirElementPath(path, children, elements);
    }

    /** The definition of the element this path ends at. */
    BaseRuntimeElementDefinition<?> leaf() {
        return elements[elements.length - 1];
    }

    Class<?> leafType() {
        return leaf().getImplementingClass();
    }

    boolean repeats() {
        return children[children.length - 1].getMax() != 1;
    }

    /** A new, empty element of the leaf's type (for enumerations, bound to the element's code set). */
    IBase newLeaf() {
        BaseRuntimeChildDefinition child = children[children.length - 1];
        return leaf().newInstance(child.getInstanceConstructorArguments());
    }

    /** True when a non-repeating leaf already holds a value: first match wins, later rules are fallbacks. */
    boolean occupied(IBase root) {
        IBase parent = parent(root, false);
        if (parent == null) {
            return false;
        }
        for (IBase value : children[children.length - 1].getAccessor().getValues(parent)) {
            if (!value.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Adds (repeating) or sets (single) the value under root, creating intermediate elements as needed. */
    void put(IBase root, IBase value) {
        IBase parent = parent(root, true);
        BaseRuntimeChildDefinition child = children[children.length - 1];
        if (child.getMax() == 1) {
            child.getMutator().setValue(parent, value);
        } else {
            child.getMutator().addValue(parent, value);
        }
    }

    private IBase parent(IBase root, boolean create) {
        IBase current = root;
        for (int i = 0; i < children.length - 1; i++) {
            List<IBase> values = children[i].getAccessor().getValues(current);
            IBase next = null;
            for (IBase value : values) {
                if (elements[i].getImplementingClass().isInstance(value)) {
                    next = value;
                    break;
                }
            }
            if (next == null) {
                if (!create) {
                    return null;
                }
                next = elements[i].newInstance(children[i].getInstanceConstructorArguments());
                children[i].getMutator().addValue(current, next);
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
