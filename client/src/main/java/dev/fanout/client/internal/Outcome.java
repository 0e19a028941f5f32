package dev.fanout.client.internal;

import dev.fanout.client.FetchException;

/** What a {@link Step} reports, once: a response, or a failure. Loop-confined. */
interface Outcome {

    /** The step ended with a complete response. */
    void response(ResponseData response);

    /** The step ended with {@code failure}. */
    void failure(Failure failure);

    /**
     * Why a step failed.
     *
     * @param error the error the call ends with, unless a wrapper acts on it
     * @param staleConnection true when it failed on a reused connection before any response byte
     *     arrived: the server had closed the connection as it was taken from the pool, and the
     *     request never reached it
     * @param unprocessed true when the server said it did not process the request (HTTP/2's
     *     GOAWAY above the stream's id, or REFUSED_STREAM): it may be sent again, whatever its method
     * @param beforeResponse true when no byte of a response had arrived
     */
    record Failure(FetchException error, boolean staleConnection, boolean unprocessed, boolean beforeResponse) {

        /** A failure the server may have acted on, after a response began. */
        Failure(FetchException error, boolean staleConnection) {
            this(error, staleConnection, false, false);
        }
    }
}
