package org.darlingtontogether.carehub.feed;

/** The partner refused the hub (401, 403): retrying at once cannot help; someone must mend the credentials. */
public class FeedRefusedException extends RuntimeException {
    public FeedRefusedException(String message) {
        super(message);
    }
}
