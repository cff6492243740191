package org.darlingtontogether.carehub.govern;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A data sharing agreement version as its file in {@code agreements/} says: in force from {@code validFrom} to
 * {@code validTo} (both inclusive; no end when null), between {@code parties}, with its rules in file order and the
 * categories that never leave their source.
 *
 * @param file where it was read from, for messages
 */
public record Agreement(String id, String version, String title, LocalDate validFrom, LocalDate validTo, Set<String> parties,
                        List<SharingRule> rules, Set<String> neverLeave, String file) {

    public boolean inForceOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
    }

    /** {@code id@version}, as decisions record it. */
    public String label() {
        return id + "@" + version;
    }
}
