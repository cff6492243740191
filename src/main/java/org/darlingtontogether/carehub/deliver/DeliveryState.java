package org.darlingtontogether.carehub.deliver;

/** Where one outbox row got to. */
public enum DeliveryState {
    /** Waiting its turn (in order per consumer endpoint and person), or waiting to be retried. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Governance withheld the resource from this consumer at send time: not sent, the rule recorded. */
    WITHHELD,
    /** Every attempt failed: on the dead-letter list until an operator replays it. */
    DEAD
}
