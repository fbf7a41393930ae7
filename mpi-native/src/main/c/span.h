/*
 * How the glue describes a run of bytes to MPI (defined in mpi4jni.c, used by every file that
 * sends or receives contiguous bytes). Messages are counted in bytes (MPI_BYTE): the Java side
 * knows the element type. A message longer than an int can count travels as one element of a type
 * of exactly that many bytes (whole GiB chunks, then the rest): its type signature is still that
 * many MPI_BYTEs, so it matches a receive described either way, and the status is read with
 * MPI_Get_elements_x.
 */
#ifndef MPI4J_SPAN_H
#define MPI4J_SPAN_H

#include <mpi.h>
#include <stdint.h>

typedef struct {
    int count;
    MPI_Datatype type;
    /* whether type was built here (and must be freed with mpi4j_span_free) */
    int derived;
} mpi4j_span;

/* Describes `bytes` bytes: MPI_BYTE up to INT32_MAX, else one element of a committed struct type. */
int mpi4j_span_of(int64_t bytes, mpi4j_span *s);

/* Frees a built type. A one-shot operation may free it once started (MPI keeps it until the
 * operation completes); a persistent request uses it at every start and keeps it until freed. */
void mpi4j_span_free(mpi4j_span *s);

#endif
