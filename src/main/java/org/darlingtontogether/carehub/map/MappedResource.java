package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.model.Segment;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.Resource;

/** One resource being made from one segment of a message, with the person it is about and its derived id. */
final class MappedResource {

    final MessageMapping.ResourcePlan plan;
    final Segment segment;
    final int occurrence;
    final Segment parentSegment;
    final NhsNumber person;
    final List<MappedResource> children = new ArrayList<>();
    MappedResource parent;
    String id;
    Resource resource;

    MappedResource(MessageMapping.ResourcePlan plan, Segment segment, int occurrence, Segment parentSegment, NhsNumber person) {
        this.plan = plan;
        this.segment = segment;
        this.occurrence = occurrence;
        this.parentSegment = parentSegment;
        this.person = person;
    }

    String resourceType() {
        return plan.resource().resourceType();
    }
}
