/*
 * Java arrays pinned for one blocking MPI call (glue.h): read and written in place instead of
 * staged through native memory both ways.
 */
#include "glue.h"

#include <stdint.h>

int mpi4j_pin(JNIEnv *env, jobject array, jlong *addr, mpi4j_pin_t *p, jint mode) {
    p->env = env;
    p->array = (jarray)array;
    p->base = NULL;
    p->mode = mode;
    if (array == NULL) return 1;
    p->base = (*env)->GetPrimitiveArrayCritical(env, p->array, NULL);
    if (p->base == NULL) return 0;
    *addr = (jlong)(intptr_t)((char *)p->base + *addr);
    return 1;
}

void mpi4j_unpin(mpi4j_pin_t *p) {
    if (p->base != NULL) (*p->env)->ReleasePrimitiveArrayCritical(p->env, p->array, p->base, p->mode);
}
