/*
 * Persistent point-to-point requests of the mpi4j native provider (io.mpi4j.jni.JniPersistent):
 * MPI_Send_init and its modes, MPI_Recv_init, MPI_Start, MPI_Test/MPI_Wait on an activation, and
 * MPI_Request_free. The request handle travels through Java as a 64-bit integer, like every handle
 * of the glue (a pointer in Open MPI, an int in MPICH).
 *
 * Kept apart from mpi4jni.c because a persistent request differs where mpi4jni.c's requests are
 * simple: completing it leaves the handle allocated (inactive), and a failed activation must not
 * free it, since it is started again.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <string.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define J2REQ(j) ((MPI_Request)(intptr_t)(j))
#define J2TYPE(j) ((MPI_Datatype)(intptr_t)(j))

/* Java's Mpi.ANY_SOURCE and Mpi.ANY_TAG. */
#define J_ANY -1

/* out = {request, derived type or 0}; on failure the type is freed here. */
static jint created(JNIEnv *env, jlongArray out, int rc, MPI_Request r, MPI_Datatype t, int derived) {
    if (rc != MPI_SUCCESS && derived) {
        MPI_Type_free(&t);
        derived = 0;
    }
    jlong v[2] = {H2J(r), derived ? H2J(t) : 0};
    (*env)->SetLongArrayRegion(env, out, 0, 2, v);
    return rc;
}

/* mode: 0 standard, 1 synchronous, 3 ready (2, buffered, stays with the Java side). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_sendInit(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong bytes,
                                                                jint dest, jint tag, jint mode, jlongArray out) {
    GATED;
    /* the type (if one is built) lives as long as the request: see created */
    mpi4j_span sp;
    int rc = mpi4j_span_of(bytes, &sp);
    if (rc != MPI_SUCCESS) return rc;
    int count = sp.count;
    MPI_Datatype t = sp.type;
    int derived = sp.derived;
    MPI_Request r = MPI_REQUEST_NULL;
    void *p = (void *)(intptr_t)addr;
    switch (mode) {
        case 1: rc = MPI_Ssend_init(p, count, t, dest, tag, J2COMM(comm), &r); break;
        case 3: rc = MPI_Rsend_init(p, count, t, dest, tag, J2COMM(comm), &r); break;
        default: rc = MPI_Send_init(p, count, t, dest, tag, J2COMM(comm), &r); break;
    }
    return created(env, out, rc, r, t, derived);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_recvInit(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong bytes,
                                                                jint source, jint tag, jlongArray out) {
    GATED;
    /* the type (if one is built) lives as long as the request: see created */
    mpi4j_span sp;
    int rc = mpi4j_span_of(bytes, &sp);
    if (rc != MPI_SUCCESS) return rc;
    int count = sp.count;
    MPI_Datatype t = sp.type;
    int derived = sp.derived;
    MPI_Request r = MPI_REQUEST_NULL;
    rc = MPI_Recv_init((void *)(intptr_t)addr, count, t, source == J_ANY ? MPI_ANY_SOURCE : source,
                       tag == J_ANY ? MPI_ANY_TAG : tag, J2COMM(comm), &r);
    return created(env, out, rc, r, t, derived);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_start(JNIEnv *env, jclass c, jlong req) {
    GATED;
    MPI_Request r = J2REQ(req);
    return MPI_Start(&r);
}

/*
 * MPI_Test, or MPI_Wait when block, on an active persistent request. The status goes into out
 * with the layout of Jni.test: 0 flag, 1 source, 2 tag, 3 bytes, 4 cancelled, 5 error; then 6: the
 * library has freed the request. An
 * activation that failed (ERR_TRUNCATE) is complete and reported with flag 1 and its error; the
 * request stays allocated for the next start.
 */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_test(JNIEnv *env, jclass c, jlong req, jboolean block, jlongArray out) {
    GATED;
    MPI_Request r = J2REQ(req);
    MPI_Status st;
    memset(&st, 0, sizeof st);
    int flag = block ? 1 : 0;
    int rc = block ? mpi4j_gate_wait(&r, &st) : MPI_Test(&r, &flag, &st);
    int err = rc == MPI_ERR_IN_STATUS ? st.MPI_ERROR : rc;
    if (rc != MPI_SUCCESS) flag = 1;
    MPI_Count bytes = 0;
    int cancelled = 0;
    if (flag) {
        MPI_Get_elements_x(&st, MPI_BYTE, &bytes);
        MPI_Test_cancelled(&st, &cancelled);
    }
    /* Open MPI 4.1 frees a request whose completion raised an error (ompi_errhandler_request_invoke),
     * persistent or not, and sets the handle to MPI_REQUEST_NULL: the Java side must then create the
     * request again before the next start, and must not free it. */
    jlong v[7] = {flag, flag ? st.MPI_SOURCE : 0, flag ? st.MPI_TAG : 0, bytes == MPI_UNDEFINED ? 0 : (jlong)bytes,
                  cancelled, flag ? err : 0, r == MPI_REQUEST_NULL};
    (*env)->SetLongArrayRegion(env, out, 0, 7, v);
    return MPI_SUCCESS;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_cancel(JNIEnv *env, jclass c, jlong req) {
    GATED;
    MPI_Request r = J2REQ(req);
    return MPI_Cancel(&r);
}

/* MPI_Request_free on an inactive request (none for req 0: the library freed it), and the type
 * it was described with. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniPersistent_free(JNIEnv *env, jclass c, jlong req, jlong type) {
    GATED;
    MPI_Request r = J2REQ(req);
    int rc = req == 0 ? MPI_SUCCESS : MPI_Request_free(&r);
    if (type != 0) {
        MPI_Datatype t = J2TYPE(type);
        MPI_Type_free(&t);
    }
    return rc;
}
