/*
 * User-defined reduction operations of the mpi4j native provider (io.mpi4j.jni.JniOps): an
 * io.mpi4j.Op made from a Java function runs inside the library's own reductions (MPI_Op_create),
 * through a C trampoline that calls back into Java.
 *
 * MPI_User_function receives no user data, so the trampoline finds the Java operation through the
 * datatype: each reduction with a user operation runs on its own duplicate of the predefined type
 * (MPI_Type_dup), whose handle the Java side maps to the operation until the call completes. So
 * one MPI operation serves every Java one (two in fact: commutative or not), concurrent and
 * nonblocking reductions included, whichever thread the library runs the operation on.
 *
 * The Java side catches everything the user's function throws (a Java exception must never unwind
 * through the library) and reports it after the MPI call; the trampoline only guards against an
 * exception left pending.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define J2TYPE(j) ((MPI_Datatype)(intptr_t)(j))
#define PTR(a) ((a) == -1 ? MPI_IN_PLACE : (void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))

/* collectives.c: mpi4j datatype code -> predefined MPI datatype. */

static JavaVM *vm;
static jclass ops_class;
static jmethodID apply_method;
/* [0] non-commutative, [1] commutative; created on first use, freed at MPI_Finalize. */
static MPI_Op user_ops[2] = {MPI_OP_NULL, MPI_OP_NULL};
static pthread_mutex_t ops_lock = PTHREAD_MUTEX_INITIALIZER;

static void trampoline(void *in, void *inout, int *len, MPI_Datatype *dt) {
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) == JNI_EDETACHED) {
        /* a thread of the library's own (an asynchronous progress thread): it stays attached, as a
         * daemon, so that the JVM can still exit */
        if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, NULL) != JNI_OK) {
            fprintf(stderr, "mpi4j native: a user operation ran on a thread that cannot attach to the JVM\n");
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
    }
    MPI_Aint lb = 0, extent = 0;
    MPI_Type_get_extent(*dt, &lb, &extent);
    jlong bytes = (jlong)*len * extent;
    jobject a = (*env)->NewDirectByteBuffer(env, in, bytes);
    jobject b = (*env)->NewDirectByteBuffer(env, inout, bytes);
    jboolean known = a != NULL && b != NULL
        && (*env)->CallStaticBooleanMethod(env, ops_class, apply_method, H2J(*dt), a, b, (jint)*len);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        (*env)->ExceptionClear(env);
        known = JNI_TRUE; /* JniOps.apply records failures itself; this is only a guard */
    }
    if (a != NULL) (*env)->DeleteLocalRef(env, a);
    if (b != NULL) (*env)->DeleteLocalRef(env, b);
    if (!known) {
        /* not a type of a reduction in progress: results would silently be wrong */
        fprintf(stderr, "mpi4j native: the library applied a user operation to a datatype no reduction of this "
                        "process is using; aborting\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

/* Called by MPI_Finalize (attribute deletion on MPI_COMM_SELF comes first, MPI-4.1 §11.2.4). */
static int free_ops(MPI_Comm comm, int keyval, void *value, void *extra) {
    for (int i = 0; i < 2; i++) {
        if (user_ops[i] != MPI_OP_NULL) MPI_Op_free(&user_ops[i]);
    }
    return MPI_SUCCESS;
}

static int ensure_ops(JNIEnv *env) {
    pthread_mutex_lock(&ops_lock);
    int rc = MPI_SUCCESS;
    if (user_ops[0] == MPI_OP_NULL) {
        (*env)->GetJavaVM(env, &vm);
        jclass local = (*env)->FindClass(env, "io/mpi4j/jni/JniOps");
        ops_class = local == NULL ? NULL : (*env)->NewGlobalRef(env, local);
        apply_method = ops_class == NULL ? NULL
            : (*env)->GetStaticMethodID(env, ops_class, "apply", "(JLjava/nio/ByteBuffer;Ljava/nio/ByteBuffer;I)Z");
        if (apply_method == NULL) {
            rc = MPI_ERR_INTERN;
        } else {
            rc = MPI_Op_create(trampoline, 0, &user_ops[0]);
            if (rc == MPI_SUCCESS) rc = MPI_Op_create(trampoline, 1, &user_ops[1]);
            int keyval;
            if (rc == MPI_SUCCESS) rc = MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, free_ops, &keyval, NULL);
            if (rc == MPI_SUCCESS) rc = MPI_Comm_set_attr(MPI_COMM_SELF, keyval, NULL);
        }
    }
    pthread_mutex_unlock(&ops_lock);
    return rc;
}

/* out[0] = a fresh duplicate of the predefined type, which identifies one reduction's operation. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniOps_begin(JNIEnv *env, jclass c, jint code, jlong bytes, jlongArray out) {
    GATED;
    int rc = ensure_ops(env);
    MPI_Datatype t = MPI_DATATYPE_NULL;
    if (rc == MPI_SUCCESS && code >= 0) {
        rc = MPI_Type_dup(mpi4j_type_of(code), &t);
    } else if (rc == MPI_SUCCESS) {
        /* a derived element (a contiguous type, or a packed form): bytes MPI never splits, since it
         * applies operations to whole elements */
        rc = bytes > 0 && bytes <= INT32_MAX ? MPI_Type_contiguous((int)bytes, MPI_BYTE, &t) : MPI_ERR_TYPE;
        if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&t);
    }
    jlong v[1] = {H2J(t)};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}

/* Frees the type of a reduction that has completed. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniOps_end(JNIEnv *env, jclass c, jlong type) {
    GATED;
    MPI_Datatype t = J2TYPE(type);
    return MPI_Type_free(&t);
}

/* kind: 0 reduce, 1 allreduce, 2 scan, 3 exscan, 4 reduce_scatter_block, 5 reduce_scatter (counts). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniOps_reduce(JNIEnv *env, jclass c, jlong comm, jint kind, jlong s, jlong rb,
                                                       jint count, jlong counts, jlong type, jboolean commute, jint root,
                                                       jboolean start, jlongArray out) {
    GATED;
    MPI_Datatype t = J2TYPE(type);
    MPI_Op o = user_ops[commute ? 1 : 0];
    MPI_Comm cm = J2COMM(comm);
    MPI_Request r = MPI_REQUEST_NULL;
    int rc;
    switch (kind) {
        case 0: {
            /* on an intercommunicator: MPI's ROOT/PROC_NULL, and MPICH 4.0 wants a send buffer at
             * the root (glue.h); a rank with nothing to reduce comes with one idle element (JniOps) */
            void *sp = PTR(s) == NULL ? (void *)mpi4j_dummy_in : PTR(s);
            void *rp = PTR(rb) == NULL ? mpi4j_dummy_out : PTR(rb);
            rc = start ? MPI_Ireduce(sp, rp, count, t, o, mpi4j_root(root), cm, &r)
                       : MPI_Reduce(sp, rp, count, t, o, mpi4j_root(root), cm);
            break;
        }
        case 1: rc = start ? MPI_Iallreduce(PTR(s), PTR(rb), count, t, o, cm, &r)
                           : MPI_Allreduce(PTR(s), PTR(rb), count, t, o, cm); break;
        case 2: rc = start ? MPI_Iscan(PTR(s), PTR(rb), count, t, o, cm, &r)
                           : MPI_Scan(PTR(s), PTR(rb), count, t, o, cm); break;
        case 3: rc = start ? MPI_Iexscan(PTR(s), PTR(rb), count, t, o, cm, &r)
                           : MPI_Exscan(PTR(s), PTR(rb), count, t, o, cm); break;
        case 4: rc = start ? MPI_Ireduce_scatter_block(PTR(s), PTR(rb), count, t, o, cm, &r)
                           : MPI_Reduce_scatter_block(PTR(s), PTR(rb), count, t, o, cm); break;
        case 5: rc = start ? MPI_Ireduce_scatter(PTR(s), PTR(rb), IPTR(counts), t, o, cm, &r)
                           : MPI_Reduce_scatter(PTR(s), PTR(rb), IPTR(counts), t, o, cm); break;
        default: rc = MPI_ERR_ARG;
    }
    jlong v[1] = {H2J(r)};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}
