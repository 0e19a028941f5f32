package dev.fanout.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Short names for URLs in the table and the waterfall: when every URL shares one
 * {@code scheme://host:port}, that origin is said once and each row shows its path.
 */
final class Labels {

    private final String origin;

    private Labels(String origin) {
        this.origin = origin;
    }

    /** Returns the labels for {@code rows}. */
    static Labels of(List<Row> rows) {
        String shared = null;
        for (Row row : rows) {
            String origin = origin(row.url());
            if (origin == null || (shared != null && !shared.equals(origin))) {
                return new Labels(null);
            }
            shared = origin;
        }
        return new Labels(shared);
    }

    /** Returns the origin every URL shares, or null when they do not share one. */
    String sharedOrigin() {
        return origin;
    }

    /** Returns the label of {@code row}: its path and query when the origin is shared, else the URL. */
    String of(Row row) {
        if (origin != null && row.url().startsWith(origin)) {
            String rest = row.url().substring(origin.length());
            return rest.isEmpty() ? "/" : rest;
        }
        return row.url();
    }

    private static String origin(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return null;
            }
            String origin = uri.getScheme() + "://" + uri.getRawAuthority();
            return url.startsWith(origin) ? origin : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
