package org.darlingtontogether.carehub.console;

import java.time.LocalDate;
import java.util.List;

/**
 * Sharing decisions per day, for the overview's chart. The audit log provides it; while no bean does, the overview
 * says there is no data yet.
 */
public interface SharingOverTime {

    /** Decisions per day from {@code from} to {@code to} inclusive, oldest first; days without any may be left out. */
    List<DailySharing> between(LocalDate from, LocalDate to);

    /** One day's decisions: records shared with consumers, and withheld by the agreement or consent. */
    record DailySharing(LocalDate day, long shared, long withheld) {
    }
}
