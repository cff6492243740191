package org.darlingtontogether.carehub.inbox;

/**
 * What became of one partner file: how many rows (or messages) it held, how many were new to the inbox, how many
 * were rejected, and, when the whole file was rejected, why. {@code report} is the reject report for the partner's
 * {@code failed/} folder, or null when nothing was rejected.
 */
public record FileOutcome(String fileName, String type, long rows, long newRows, long rejected, String fileProblem,
                          String report) {

    /** Header: the folder on the partner's server the file is moved to once its outcome is committed. */
    public static final String FOLDER = "CareHubFileFolder";
    /** Header: true when a reject report (the message body) goes back to the partner's {@code failed/} folder. */
    public static final String HAS_REPORT = "CareHubRejectReport";

    /** What the route needs: where the file goes, and the reject report as the body when there is one. */
    public void applyTo(org.apache.camel.Message message) {
        message.setHeader(FOLDER, folder());
        message.setHeader(HAS_REPORT, report != null);
        message.setBody(report);
    }

    /** Where the file goes on the partner's server: {@code failed} when it was rejected whole, else {@code processed}. */
    public String folder() {
        return fileProblem == null ? "processed" : "failed";
    }
}
