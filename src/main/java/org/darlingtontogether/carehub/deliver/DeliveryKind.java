package org.darlingtontogether.carehub.deliver;

/** What a delivery tells the consumer: a resource version to hold, or that it may no longer hold one. */
public enum DeliveryKind {
    UPSERT,
    RETRACTION
}
