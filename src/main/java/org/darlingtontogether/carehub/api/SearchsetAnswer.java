package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Sends a searchset Bundle of stored resources as an operation's own answer ({@code $everything}). Plain JSON — what
 * MDT systems ask for — is written from the stored JSON ({@link StoredBundleJson}); any other request (XML,
 * {@code _pretty}, {@code _summary}, {@code _elements}, any other parameter) gets the Bundle built from the parsed
 * resources and encoded by HAPI, as every other answer of the API is.
 */
final class SearchsetAnswer {

    /** Parameters that leave the plain JSON answer as it is. */
    private static final Set<String> PLAIN = Set.of(Constants.PARAM_FORMAT);

    private SearchsetAnswer() {
    }

    static void send(ServletRequestDetails request, List<StoredResource> resources, Function<StoredResource, IBaseResource> parse)
            throws IOException {
        String base = request.getFhirServerBase();
        String self = RestfulServerUtils.createLinkSelf(base, request);
        RestfulServerUtils.ResponseEncoding encoding = RestfulServerUtils.determineResponseEncodingWithDefault(request);
        boolean plainJson = encoding.getEncoding() == EncodingEnum.JSON && PLAIN.containsAll(request.getParameters().keySet())
                && !RestfulServerUtils.prettyPrintResponse(request.getServer(), request);
        if (!plainJson) {
            RestfulServerUtils.streamResponseAsResource(request.getServer(), bundle(base, self, resources, parse),
                    RestfulServerUtils.determineSummaryMode(request), Constants.STATUS_HTTP_200_OK, false, request.isRespondGzip(), request);
            return;
        }
        HttpServletResponse response = request.getServletResponse();
        response.setStatus(Constants.STATUS_HTTP_200_OK);
        response.setContentType(encoding.getResourceContentType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream body = response.getOutputStream();
        if (request.isRespondGzip()) {
            response.addHeader(Constants.HEADER_CONTENT_ENCODING, Constants.ENCODING_GZIP);
            body = new GZIPOutputStream(body);
        }
        StoredBundleJson.write(body, base, self, resources);
    }

    private static Bundle bundle(String base, String self, List<StoredResource> resources, Function<StoredResource, IBaseResource> parse) {
        Bundle bundle = new Bundle();
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(resources.size());
        bundle.addLink().setRelation(Constants.LINK_SELF).setUrl(self);
        for (StoredResource stored : resources) {
            bundle.addEntry().setFullUrl(StoredBundleJson.fullUrl(base, stored)).setResource((Resource) parse.apply(stored));
        }
        return bundle;
    }
}
