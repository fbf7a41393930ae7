package io.mpi4j;

/**
 * An object received together with its status, for receives from {@link Mpi#ANY_SOURCE} or with
 * {@link Mpi#ANY_TAG} that need to know the envelope.
 *
 * @param value the received object
 * @param status the status: source, tag and size of the message
 * @param <T> the type of the object
 */
public record Received<T>(T value, Status status) {
}
