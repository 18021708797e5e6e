/* ThreadSanitizer builds only (KFK_SANITIZE=thread): librdkafka on glibc >= 2.34 creates its
 * threads and locks with C11 <threads.h>, which GCC 12's ThreadSanitizer does not intercept:
 * a thread made by thrd_create() has no sanitizer state (the first allocation on it crashes)
 * and mtx_lock() is invisible (every lock-protected access would be reported). Defined in the
 * test executable, these interpose glibc's and forward to the POSIX calls TSan does see;
 * glibc implements the C11 calls on the same pthread objects, so behaviour is unchanged. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

static int result_of(int posix_error) {
    switch (posix_error) {
        case 0:
            return thrd_success;
        case ENOMEM:
            return thrd_nomem;
        case ETIMEDOUT:
            return thrd_timedout;
        case EBUSY:
            return thrd_busy;
        default:
            return thrd_error;
    }
}

struct start {
    thrd_start_t func;
    void* arg;
};

static void* run(void* p) {
    struct start s = *(struct start*)p;
    free(p);
    return (void*)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
    struct start* s = malloc(sizeof *s);
    if (!s) return thrd_nomem;
    s->func = func;
    s->arg = arg;
    const int err = pthread_create((pthread_t*)thr, NULL, run, s);
    if (err) free(s);
    return result_of(err);
}

int thrd_join(thrd_t thr, int* res) {
    void* ret = NULL;
    const int err = pthread_join((pthread_t)thr, &ret);
    if (!err && res) *res = (int)(intptr_t)ret;
    return result_of(err);
}

int thrd_detach(thrd_t thr) {
    return result_of(pthread_detach((pthread_t)thr));
}

int mtx_init(mtx_t* m, int type) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    const int err = pthread_mutex_init((pthread_mutex_t*)m, &attr);
    pthread_mutexattr_destroy(&attr);
    return result_of(err);
}
int mtx_lock(mtx_t* m) {
    return result_of(pthread_mutex_lock((pthread_mutex_t*)m));
}
int mtx_trylock(mtx_t* m) {
    return result_of(pthread_mutex_trylock((pthread_mutex_t*)m));
}
int mtx_timedlock(mtx_t* restrict m, const struct timespec* restrict ts) {
    return result_of(pthread_mutex_timedlock((pthread_mutex_t*)m, ts));
}
int mtx_unlock(mtx_t* m) {
    return result_of(pthread_mutex_unlock((pthread_mutex_t*)m));
}
void mtx_destroy(mtx_t* m) {
    pthread_mutex_destroy((pthread_mutex_t*)m);
}

int cnd_init(cnd_t* c) {
    return result_of(pthread_cond_init((pthread_cond_t*)c, NULL));
}
int cnd_signal(cnd_t* c) {
    return result_of(pthread_cond_signal((pthread_cond_t*)c));
}
int cnd_broadcast(cnd_t* c) {
    return result_of(pthread_cond_broadcast((pthread_cond_t*)c));
}
int cnd_wait(cnd_t* c, mtx_t* m) {
    return result_of(pthread_cond_wait((pthread_cond_t*)c, (pthread_mutex_t*)m));
}
int cnd_timedwait(cnd_t* restrict c, mtx_t* restrict m, const struct timespec* restrict ts) {
    return result_of(pthread_cond_timedwait((pthread_cond_t*)c, (pthread_mutex_t*)m, ts));
}
void cnd_destroy(cnd_t* c) {
    pthread_cond_destroy((pthread_cond_t*)c);
}
