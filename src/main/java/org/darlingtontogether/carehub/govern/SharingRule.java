package org.darlingtontogether.carehub.govern;

import java.util.Set;

/**
 * One rule of an agreement: {@code source} may share {@code categories} with {@code consumers} for {@code purpose},
 * under {@code legalBasis}, relying on {@code consent}.
 */
public record SharingRule(String id, String source, Set<String> categories, Set<String> consumers, String purpose,
                          String legalBasis, ConsentModel consent) {

    boolean grants(String sourcePartner, String category, String consumer, String forPurpose) {
        return source.equals(sourcePartner) && categories.contains(category) && consumers.contains(consumer)
                && purpose.equals(forPurpose);
    }
}
