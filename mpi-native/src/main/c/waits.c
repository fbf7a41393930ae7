/*
 * Waiting without blocking inside MPI (io.mpi4j.jni.JniWaits): nonblocking forms of calls whose
 * blocking form would spin in the library while ranks outnumber cores (see WaitPolicy.java).
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <stdlib.h>

/* MPI_Comm_idup writes the new handle when the request completes: it needs a cell that outlives
 * this call. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniWaits_commIdup(JNIEnv *env, jclass c, jlong comm, jlongArray out) {
    GATED;
    MPI_Comm *cell = malloc(sizeof(MPI_Comm));
    if (cell == NULL) {
        return MPI_ERR_NO_MEM;
    }
    *cell = MPI_COMM_NULL;
    MPI_Request req;
    int rc = MPI_Comm_idup((MPI_Comm)(intptr_t)comm, cell, &req);
    if (rc != MPI_SUCCESS) {
        free(cell);
        return rc;
    }
    jlong v[2] = {(jlong)(intptr_t)req, (jlong)(intptr_t)cell};
    (*env)->SetLongArrayRegion(env, out, 0, 2, v);
    return MPI_SUCCESS;
}

JNIEXPORT jlong JNICALL Java_io_mpi4j_jni_JniWaits_takeComm(JNIEnv *env, jclass c, jlong cellAddress) {
    GATED;
    MPI_Comm *cell = (MPI_Comm *)(intptr_t)cellAddress;
    MPI_Comm n = *cell;
    free(cell);
    /* as MPI_Comm_dup in mpi4jni.c: errors come back to Java as codes */
    if (n != MPI_COMM_NULL) MPI_Comm_set_errhandler(n, MPI_ERRORS_RETURN);
    jlong h = (jlong)(intptr_t)n;
    return h;
}
