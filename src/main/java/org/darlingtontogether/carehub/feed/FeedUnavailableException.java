package org.darlingtontogether.carehub.feed;

/** The partner could not answer just now (5xx, timeout, connection refused, an unreadable page): worth retrying with backoff. */
public class FeedUnavailableException extends RuntimeException {
    public FeedUnavailableException(String message) {
        super(message);
    }

    public FeedUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
