/* test-import-powercut.c - `sahifa --import` across power cuts and failing
 * calls, through the real program.
 *
 *   test-import-powercut SAHIFA SHIM cuts|faults SCENARIO...
 *
 * The import runs with tests/powercut-shim.c preloaded, which logs every
 * call that changes the data dir. The log is replayed on a model of the
 * disk with POSIX's pessimistic durability: a file's bytes are durable
 * once that file is fsynced, a folder's entries (create, mkdir, rename,
 * unlink) once that folder is fsynced; each inode keeps every version it
 * went through and the version of its last fsync. A power cut after call
 * k leaves, per inode, any version between its durable one and its newest:
 *   durable  every inode at its last fsync (the pessimistic disk)
 *   landed   every inode at its newest (everything reached the disk: what
 *            a kill -9 leaves)
 *   mixed    each inode at a random version between the two
 * Each such disk is written to a fresh folder and judged by the real
 * program: `sahifa --list` must print exactly what it prints for one of
 * the allowed whole states (the bundle absent or old, or the new one, each
 * complete: no half bundle, no cut article, no ".import-*" folder shown);
 * once the import has said "imported" (its first write to stdout), only
 * the new bundle is allowed. Then `sahifa --import` again on that disk
 * must succeed, list the new bundle and leave no ".import-*" folder (the
 * dead import's PID is one no process has).
 *
 * faults: a clean run counts the calls under the data dir; then one run
 * per call makes that call fail (EIO; ENOSPC for writes). An import that
 * still says "imported" must have the new bundle durable; one that fails
 * must say why on stderr; every cut of every run is judged as above.
 *
 * Scenarios: first (no data dir yet: the import creates sahifa/bundles),
 * new (a bundles dir with another bundle), reimport (over an older copy:
 * the RENAME_EXCHANGE path).
 *
 * The shim's log is checked against the disk after every run (the model's
 * newest state must be the disk byte for byte), and each kind of call the
 * import makes must have been seen: a libc that routes a call round the
 * shim fails the test instead of passing it blind. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RENAME_EXCHANGE_FLAG 2u /* <linux/fs.h>'s RENAME_EXCHANGE */
#define MIXED_PER_CUT        4  /* random disks per cut point (cuts mode) */
#define MAX_FAILURES_SHOWN   8

static const char *sahifa, *shim;
static char base[PATH_MAX], preload[2 * PATH_MAX];
static int failures;
static long n_runs;

/* ---- small helpers ----------------------------------------------------- */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "test-import-powercut: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        die("out of memory");
    return p;
}

typedef struct {
    char *p;
    size_t n, cap;
} str_t;

static void sb_put(str_t *s, const void *data, size_t n)
{
    if (s->n + n + 1 > s->cap) {
        s->cap = (s->n + n + 1) * 2;
        s->p = xrealloc(s->p, s->cap);
    }
    if (n)
        memcpy(s->p + s->n, data, n);
    s->n += n;
    s->p[s->n] = 0;
}

static void sb_printf(str_t *s, const char *fmt, ...)
{
    char buf[PATH_MAX + 128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        die("line too long");
    sb_put(s, buf, (size_t)n);
}

static char *path_of(const char *fmt, ...)
{
    char buf[PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        die("path too long");
    return xstrdup(buf);
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0)
        die("%s: cannot write: %s", path, strerror(errno));
}

static str_t read_file(const char *path)
{
    str_t s = {0};
    char buf[65536];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: cannot read: %s", path, strerror(errno));
    sb_put(&s, "", 0);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_put(&s, buf, n);
    fclose(f);
    return s;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        die("%s: cannot create: %s", path, strerror(errno));
}

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb, (void)type, (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

static void rm_rf(const char *path)
{
    if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
        die("%s: cannot remove: %s", path, strerror(errno));
}

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64: any fixed sequence will do, the same on every machine */
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* ---- running the real program ------------------------------------------ */

typedef struct {
    int status; /* exit code, or 128 + signal */
    str_t out, err;
} run_t;

static void run_free(run_t *r)
{
    free(r->out.p);
    free(r->err.p);
}

/* Runs sahifa with @args (NULL-terminated) and the NAME=VALUE settings of
 * @env (NULL-terminated) added to ours. */
static run_t run_sahifa(const char *const *args, const char *const *env)
{
    char *out = path_of("%s/run.out", base), *err = path_of("%s/run.err", base);
    run_t r = {0};
    n_runs++;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        const char *argv[16] = {sahifa};
        size_t n = 1;
        for (; args[n - 1] && n < 15; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        for (; *env; env++) {
            char *eq = strchr(*env, '=');
            char *name = strndup(*env, (size_t)(eq - *env));
            setenv(name, eq + 1, 1);
        }
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execv(sahifa, (char *const *)argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            die("waitpid: %s", strerror(errno));
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = read_file(out);
    r.err = read_file(err);
    free(out);
    free(err);
    return r;
}

/* The settings that point sahifa at the data dir @data and nothing else of
 * the machine's (a fresh state dir: no cache to hide a changed file). */
typedef struct {
    char data[PATH_MAX + 32], state[PATH_MAX + 32], config[PATH_MAX + 32], home[PATH_MAX + 32],
        assets[PATH_MAX + 32];
    const char *v[12];
} env_t;

static void env_init(env_t *e, const char *data, const char *state)
{
    snprintf(e->data, sizeof e->data, "XDG_DATA_HOME=%s", data);
    snprintf(e->state, sizeof e->state, "XDG_STATE_HOME=%s", state);
    snprintf(e->config, sizeof e->config, "XDG_CONFIG_HOME=%s/config", base);
    snprintf(e->home, sizeof e->home, "HOME=%s/home", base);
    snprintf(e->assets, sizeof e->assets, "SAHIFA_ASSETS_DIR=%s/assets", base);
    size_t n = 0;
    e->v[n++] = e->data;
    e->v[n++] = e->state;
    e->v[n++] = e->config;
    e->v[n++] = e->home;
    e->v[n++] = e->assets;
    e->v[n] = NULL;
}

/* ---- the disk model ---------------------------------------------------- */

typedef struct {
    char *name;
    int ino;
} ent_t;

typedef struct {
    unsigned char *data; /* a file's bytes */
    size_t len;
    ent_t *ents; /* a folder's entries, sorted by name */
    size_t n;
} ver_t;

typedef struct {
    bool dir;
    ver_t *v; /* every version, oldest first; v[0] is the inode as created */
    size_t nv, durable;
} inode_t;

typedef struct {
    inode_t *in; /* in[0] is the root: the data dir */
    size_t n;
} fs_t;

static int ino_new(fs_t *fs, bool dir)
{
    fs->in = xrealloc(fs->in, (fs->n + 1) * sizeof *fs->in);
    inode_t *in = &fs->in[fs->n];
    memset(in, 0, sizeof *in);
    in->dir = dir;
    in->v = xrealloc(NULL, sizeof *in->v);
    memset(in->v, 0, sizeof *in->v);
    in->nv = 1;
    return (int)fs->n++;
}

static ver_t *newest(const fs_t *fs, int ino)
{
    return &fs->in[ino].v[fs->in[ino].nv - 1];
}

static void ver_copy(ver_t *dst, const ver_t *src)
{
    dst->len = src->len;
    dst->data = xrealloc(NULL, src->len);
    if (src->len)
        memcpy(dst->data, src->data, src->len);
    dst->n = src->n;
    dst->ents = xrealloc(NULL, src->n * sizeof *dst->ents);
    for (size_t i = 0; i < src->n; i++) {
        dst->ents[i].name = xstrdup(src->ents[i].name);
        dst->ents[i].ino = src->ents[i].ino;
    }
}

/* Appends a copy of the newest version of @ino and returns it. */
static ver_t *ver_new(fs_t *fs, int ino)
{
    inode_t *in = &fs->in[ino];
    in->v = xrealloc(in->v, (in->nv + 1) * sizeof *in->v);
    ver_copy(&in->v[in->nv], &in->v[in->nv - 1]);
    return &in->v[in->nv++];
}

static void fs_free(fs_t *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        for (size_t k = 0; k < fs->in[i].nv; k++) {
            ver_t *v = &fs->in[i].v[k];
            free(v->data);
            for (size_t e = 0; e < v->n; e++)
                free(v->ents[e].name);
            free(v->ents);
        }
        free(fs->in[i].v);
    }
    free(fs->in);
    memset(fs, 0, sizeof *fs);
}

static void fs_clone(fs_t *dst, const fs_t *src)
{
    dst->n = src->n;
    dst->in = xrealloc(NULL, src->n * sizeof *dst->in);
    for (size_t i = 0; i < src->n; i++) {
        dst->in[i] = src->in[i];
        dst->in[i].v = xrealloc(NULL, src->in[i].nv * sizeof *dst->in[i].v);
        for (size_t k = 0; k < src->in[i].nv; k++)
            ver_copy(&dst->in[i].v[k], &src->in[i].v[k]);
    }
}

static long ent_find(const ver_t *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->ents[i].name, name) == 0)
            return (long)i;
    return -1;
}

static void ent_add(ver_t *v, const char *name, int ino)
{
    size_t i = 0;
    while (i < v->n && strcmp(v->ents[i].name, name) < 0)
        i++;
    v->ents = xrealloc(v->ents, (v->n + 1) * sizeof *v->ents);
    memmove(v->ents + i + 1, v->ents + i, (v->n - i) * sizeof *v->ents);
    v->ents[i].name = xstrdup(name);
    v->ents[i].ino = ino;
    v->n++;
}

static void ent_del(ver_t *v, long i)
{
    free(v->ents[i].name);
    memmove(v->ents + i, v->ents + i + 1, (v->n - (size_t)i - 1) * sizeof *v->ents);
    v->n--;
}

/* The inode at @rel ("" the root) in the newest state, or -1. */
static int lookup(const fs_t *fs, const char *rel)
{
    char buf[PATH_MAX];
    int ino = 0;
    snprintf(buf, sizeof buf, "%s", rel);
    for (char *save, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        const ver_t *v = newest(fs, ino);
        long i = fs->in[ino].dir ? ent_find(v, c) : -1;
        if (i < 0)
            return -1;
        ino = v->ents[i].ino;
    }
    return ino;
}

/* The folder holding @rel, and @rel's last name into @name. */
static int lookup_parent(const fs_t *fs, const char *rel, char name[PATH_MAX])
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", rel);
    char *slash = strrchr(buf, '/');
    if (!*buf)
        return -1;
    snprintf(name, PATH_MAX, "%s", slash ? slash + 1 : buf);
    if (slash)
        *slash = 0;
    int p = lookup(fs, slash ? buf : "");
    return p >= 0 && fs->in[p].dir ? p : -1;
}

/* Adds the tree at @path on disk under the folder inode @ino. */
static void fs_load_dir(fs_t *fs, int ino, const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d)
        die("%s: %s", path, strerror(errno));
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *sub = path_of("%s/%s", path, e->d_name);
        struct stat sb;
        if (lstat(sub, &sb) != 0 || !(S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode)))
            die("%s: not a file or folder", sub);
        int child = ino_new(fs, S_ISDIR(sb.st_mode));
        ent_add(&fs->in[ino].v[0], e->d_name, child);
        if (S_ISDIR(sb.st_mode)) {
            fs_load_dir(fs, child, sub);
        } else {
            str_t s = read_file(sub);
            fs->in[child].v[0].data = (unsigned char *)s.p;
            fs->in[child].v[0].len = s.n;
        }
        free(sub);
    }
    closedir(d);
}

/* The disk at @path, every inode durable. */
static void fs_load(fs_t *fs, const char *path)
{
    memset(fs, 0, sizeof *fs);
    ino_new(fs, true);
    fs_load_dir(fs, 0, path);
}

/* ---- the shim's log ---------------------------------------------------- */

typedef struct {
    char kind, status;
    long long num;
    unsigned char *data;
    size_t len;
    char *p1, *p2;
} op_t;

typedef struct {
    op_t *ops; /* the calls, "A" excluded */
    size_t n;
    long ack; /* calls before the acknowledgement, or -1 */
} oplog_t;

static unsigned char *unhex(const char *s, size_t *len)
{
    size_t n = strcmp(s, "-") == 0 ? 0 : strlen(s) / 2;
    unsigned char *b = xrealloc(NULL, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1)
            die("bad hex in the shim's log");
        b[i] = (unsigned char)v;
    }
    b[n] = 0;
    *len = n;
    return b;
}

static oplog_t log_parse(const char *path)
{
    str_t text = read_file(path);
    oplog_t lg = {NULL, 0, -1};
    for (char *save, *l = strtok_r(text.p, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *tok[6] = {0}, *s2;
        size_t nt = 0;
        for (char *t = strtok_r(l, " ", &s2); t && nt < 6; t = strtok_r(NULL, " ", &s2))
            tok[nt++] = t;
        if (strcmp(tok[0], "A") == 0) {
            if (lg.ack < 0)
                lg.ack = (long)lg.n;
            continue;
        }
        op_t op = {tok[0][0], nt > 1 ? tok[1][0] : '?', 0, NULL, 0, NULL, NULL};
        size_t len, f = 2;
        if (strchr("OWTR", op.kind) && f < nt)
            op.num = strtoll(tok[f++], NULL, 10);
        if (op.kind == 'W' && f < nt)
            op.data = unhex(tok[f++], &op.len);
        if (op.kind != 'Y' && f < nt)
            op.p1 = (char *)unhex(tok[f++], &len);
        if (strchr("RL", op.kind) && f < nt)
            op.p2 = (char *)unhex(tok[f++], &len);
        if (!strchr("MOWTSRUDLKY", op.kind) || !strchr("+-!", op.status) ||
            (op.kind != 'Y' && !op.p1) || (strchr("RL", op.kind) && !op.p2))
            die("%s: a line the test cannot read", path);
        lg.ops = xrealloc(lg.ops, (lg.n + 1) * sizeof *lg.ops);
        lg.ops[lg.n++] = op;
    }
    free(text.p);
    return lg;
}

static void log_free(oplog_t *lg)
{
    for (size_t i = 0; i < lg->n; i++) {
        free(lg->ops[i].data);
        free(lg->ops[i].p1);
        free(lg->ops[i].p2);
    }
    free(lg->ops);
}

static const char *op_name(char kind)
{
    switch (kind) {
    case 'M':
        return "mkdir";
    case 'O':
        return "open";
    case 'W':
        return "write";
    case 'T':
        return "truncate";
    case 'S':
        return "fsync";
    case 'R':
        return "rename";
    case 'U':
        return "unlink";
    case 'D':
        return "rmdir";
    case 'L':
        return "link";
    case 'K':
        return "close";
    default:
        return "sync";
    }
}

static void op_describe(const op_t *op, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s %s%s%s%s", op_name(op->kind),
             op->kind == 'R' && (op->num & RENAME_EXCHANGE_FLAG) ? "(EXCHANGE)" : "",
             op->p1 ? op->p1 : "", op->p2 ? " -> " : "", op->p2 ? op->p2 : "",
             op->status == '+'   ? ""
             : op->status == '!' ? " (made to fail)"
                                 : " (failed)");
}

/* Replays one call on the model; NULL, or why the model and the call
 * disagree (the shim missed something). */
static const char *op_apply(fs_t *fs, const op_t *op)
{
    char name[PATH_MAX];
    int ino, p;
    if (op->status != '+')
        return NULL;
    switch (op->kind) {
    case 'M':
        if ((p = lookup_parent(fs, op->p1, name)) < 0 || ent_find(newest(fs, p), name) >= 0)
            return "mkdir of a name the model has, or in no folder";
        ino = ino_new(fs, true);
        ent_add(ver_new(fs, p), name, ino);
        return NULL;
    case 'O':
        if ((ino = lookup(fs, op->p1)) < 0) {
            if (!(op->num & O_CREAT) || (p = lookup_parent(fs, op->p1, name)) < 0)
                return "open of a file the model does not have";
            ino = ino_new(fs, false);
            ent_add(ver_new(fs, p), name, ino);
        } else if ((op->num & O_TRUNC) && !fs->in[ino].dir) {
            ver_new(fs, ino)->len = 0;
        }
        return NULL;
    case 'W':
    case 'T': {
        if ((ino = lookup(fs, op->p1)) < 0 || fs->in[ino].dir || op->num < 0)
            return "write to a file the model does not have";
        ver_t *v = ver_new(fs, ino);
        size_t end = op->kind == 'W' ? (size_t)op->num + op->len : (size_t)op->num;
        if (end > v->len || op->kind == 'T') {
            v->data = xrealloc(v->data, end);
            if (end > v->len)
                memset(v->data + v->len, 0, end - v->len);
            v->len = end;
        }
        if (op->kind == 'W' && op->len)
            memcpy(v->data + op->num, op->data, op->len);
        return NULL;
    }
    case 'S':
        if ((ino = lookup(fs, op->p1)) < 0)
            return "fsync of a file the model does not have";
        fs->in[ino].durable = fs->in[ino].nv - 1;
        return NULL;
    case 'Y':
        for (size_t i = 0; i < fs->n; i++)
            fs->in[i].durable = fs->in[i].nv - 1;
        return NULL;
    case 'U':
    case 'D': {
        long i;
        if ((p = lookup_parent(fs, op->p1, name)) < 0 || (i = ent_find(newest(fs, p), name)) < 0)
            return "unlink of a name the model does not have";
        ent_del(ver_new(fs, p), i);
        return NULL;
    }
    case 'L':
        if ((ino = lookup(fs, op->p1)) < 0 || (p = lookup_parent(fs, op->p2, name)) < 0)
            return "link of a file the model does not have";
        ent_add(ver_new(fs, p), name, ino);
        return NULL;
    case 'R': {
        char name2[PATH_MAX];
        int dst, p2;
        if ((ino = lookup(fs, op->p1)) < 0 || (p = lookup_parent(fs, op->p1, name)) < 0 ||
            (p2 = lookup_parent(fs, op->p2, name2)) < 0)
            return "rename of a name the model does not have";
        if (strcmp(op->p1, op->p2) == 0)
            return NULL;
        dst = lookup(fs, op->p2);
        if (op->num & RENAME_EXCHANGE_FLAG) {
            if (dst < 0)
                return "exchange with a name the model does not have";
            ver_t *v1 = ver_new(fs, p), *v2 = p2 == p ? v1 : ver_new(fs, p2);
            v1->ents[ent_find(v1, name)].ino = dst;
            v2->ents[ent_find(v2, name2)].ino = ino;
            return NULL;
        }
        /* One folder: one new version holds both changes. */
        ver_t *v2 = ver_new(fs, p2);
        long i = ent_find(v2, name2);
        if (i >= 0)
            ent_del(v2, i);
        ent_add(v2, name2, ino);
        ver_t *v1 = p == p2 ? v2 : ver_new(fs, p);
        ent_del(v1, ent_find(v1, name));
        return NULL;
    }
    default:
        return NULL;
    }
}

/* ---- states: the model's disk after a cut ------------------------------ */

typedef enum { DURABLE, LANDED, MIXED } mode_t_;
static const char *const mode_names[] = {"durable", "landed", "mixed"};

typedef struct {
    mode_t_ mode;
    uint64_t rng;
} pick_t;

static const ver_t *pick(const inode_t *in, pick_t *k)
{
    size_t i = k->mode == DURABLE  ? in->durable
               : k->mode == LANDED ? in->nv - 1
                                   : in->durable + rng_next(&k->rng) % (in->nv - in->durable);
    return &in->v[i];
}

/* Serializes the tree at @ino: "D path\n" and "F path len\n<bytes>"
 * records, names sorted. An import's temporary folder is given one fixed
 * name with a PID no process has: the cut killed its process, and runs
 * differ only in that name. */
static void serialize(const fs_t *fs, int ino, const char *path, pick_t *k, str_t *out, int depth)
{
    const ver_t *v = pick(&fs->in[ino], k);
    if (!fs->in[ino].dir) {
        sb_printf(out, "F %s %zu\n", path, v->len);
        sb_put(out, v->data, v->len);
        return;
    }
    sb_printf(out, "D %s\n", path);
    if (depth > 32)
        return;
    for (size_t i = 0, tmps = 0; i < v->n; i++) {
        char sub[PATH_MAX];
        if (strncmp(v->ents[i].name, ".import-", 8) == 0)
            snprintf(sub, sizeof sub, "%s/.import-999999999-%06zu", path, tmps++);
        else
            snprintf(sub, sizeof sub, "%s/%s", path, v->ents[i].name);
        serialize(fs, v->ents[i].ino, sub, k, out, depth + 1);
    }
}

static str_t state_of(const fs_t *fs, mode_t_ mode, uint64_t seed)
{
    str_t s = {0};
    pick_t k = {mode, seed | 1};
    sb_put(&s, "", 0);
    serialize(fs, 0, "", &k, &s, 0);
    return s;
}

/* Writes the serialized @state as the folder @dir (which must not exist). */
static void materialize(const str_t *state, const char *dir)
{
    const char *p = state->p, *end = state->p + state->n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char rec[PATH_MAX + 64];
        if (!nl || (size_t)(nl - p) >= sizeof rec)
            die("bad state");
        memcpy(rec, p, (size_t)(nl - p));
        rec[nl - p] = 0;
        p = nl + 1;
        if (rec[0] == 'D') {
            char *full = path_of("%s%s", dir, rec + 2);
            make_dir(full);
            free(full);
        } else {
            char *sp = strrchr(rec, ' ');
            size_t len = strtoull(sp + 1, NULL, 10);
            *sp = 0;
            char *full = path_of("%s%s", dir, rec + 2);
            write_file(full, p, len);
            free(full);
            p += len;
        }
    }
}

/* ---- judging a disk through the real program --------------------------- */

enum { ABSENT, OLD, NEW, N_WHOLE, BAD = N_WHOLE };
static const char *const whole_names[] = {"absent", "old", "new", "neither"};

typedef struct {
    uint64_t hash;
    str_t state;
    int verdict;
} memo_t;

typedef struct {
    const char *name;
    char *src_new;       /* the bundle imported (its folder is "news") */
    str_t refs[N_WHOLE]; /* sahifa --list's exit, stdout and stderr per whole state */
    bool allowed[N_WHOLE];
    memo_t *memo;
    size_t n_memo;
    str_t first_bad; /* the first unallowed listing, for the report */
} scenario_t;

static uint64_t fnv(const str_t *s)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < s->n; i++)
        h = (h ^ (unsigned char)s->p[i]) * 1099511628211u;
    return h;
}

/* `sahifa --list` on the data dir @data: its exit, stdout and stderr. */
static str_t list_of(const char *data)
{
    char *state = path_of("%s/check-state", base);
    env_t e = {0};
    str_t s = {0};
    rm_rf(state);
    env_init(&e, data, state);
    const char *args[] = {"--list", NULL};
    run_t r = run_sahifa(args, e.v);
    sb_printf(&s, "exit %d\n-- stdout\n", r.status);
    sb_put(&s, r.out.p, r.out.n);
    sb_printf(&s, "-- stderr\n");
    sb_put(&s, r.err.p, r.err.n);
    run_free(&r);
    free(state);
    return s;
}

static char *check_data_dir(void)
{
    return path_of("%s/check/data", base);
}

/* Lays @state out in the check folder, then lists it. */
static str_t list_state(const str_t *state)
{
    char *check = path_of("%s/check", base), *data = check_data_dir();
    rm_rf(check);
    make_dir(check);
    materialize(state, data);
    str_t s = list_of(data);
    free(check);
    free(data);
    return s;
}

/* After a cut: the next import on that disk works, shows the new bundle
 * and clears what the cut import left. NULL, or what went wrong. */
static const char *recover(scenario_t *sc)
{
    char *data = check_data_dir(), *state = path_of("%s/check-state", base);
    char *bundles = path_of("%s/sahifa/bundles", data);
    const char *why = NULL;
    env_t e = {0};
    rm_rf(state);
    env_init(&e, data, state);
    const char *args[] = {"--import", sc->src_new, NULL};
    run_t r = run_sahifa(args, e.v);
    if (r.status != 0)
        why = "the next import failed";
    else {
        str_t s = list_of(data);
        if (strcmp(s.p, sc->refs[NEW].p) != 0)
            why = "the next import does not list the new bundle";
        free(s.p);
    }
    DIR *d = why ? NULL : opendir(bundles);
    for (struct dirent *de; d && (de = readdir(d));)
        if (strncmp(de->d_name, ".import-", 8) == 0)
            why = "the next import left a dead import's .import-* folder";
    if (d)
        closedir(d);
    run_free(&r);
    free(data);
    free(state);
    free(bundles);
    return why;
}

/* Which whole state the real program sees on @state (memoized). */
static int judge(scenario_t *sc, const str_t *state, const char **why)
{
    uint64_t h = fnv(state);
    *why = NULL;
    for (size_t i = 0; i < sc->n_memo; i++)
        if (sc->memo[i].hash == h && sc->memo[i].state.n == state->n &&
            memcmp(sc->memo[i].state.p, state->p, state->n) == 0)
            return sc->memo[i].verdict;
    str_t listing = list_state(state);
    int v = BAD;
    for (int w = 0; w < N_WHOLE; w++)
        if (sc->allowed[w] && strcmp(listing.p, sc->refs[w].p) == 0)
            v = w;
    if (v == BAD && !sc->first_bad.p)
        sc->first_bad = listing;
    else
        free(listing.p);
    if (v != BAD && (*why = recover(sc)))
        v = BAD;
    sc->memo = xrealloc(sc->memo, (sc->n_memo + 1) * sizeof *sc->memo);
    sc->memo[sc->n_memo].hash = h;
    sc->memo[sc->n_memo].state.p = xrealloc(NULL, state->n + 1);
    memcpy(sc->memo[sc->n_memo].state.p, state->p, state->n + 1);
    sc->memo[sc->n_memo].state.n = state->n;
    sc->memo[sc->n_memo].verdict = v;
    sc->n_memo++;
    return v;
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    if (++failures > MAX_FAILURES_SHOWN)
        return;
    va_start(ap, fmt);
    printf("FAIL: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* ---- one import run and its cuts --------------------------------------- */

typedef struct {
    long states, cuts;
} tally_t;

/* Judges the disks of every cut of one run. @acked: the run said
 * "imported". */
static void judge_cuts(scenario_t *sc, const fs_t *before, const oplog_t *lg, bool acked,
                       int n_mixed, const char *run_name, tally_t *t)
{
    fs_t fs;
    fs_clone(&fs, before);
    for (size_t k = 0; k <= lg->n; k++) {
        if (k)
            op_apply(&fs, &lg->ops[k - 1]);
        bool must_be_new = acked && lg->ack >= 0 && (long)k >= lg->ack;
        t->cuts++;
        for (int m = 0; m < 2 + n_mixed; m++) {
            mode_t_ mode = m < 2 ? (mode_t_)m : MIXED;
            str_t st = state_of(&fs, mode, 0x9e3779b97f4a7c15u * (k + 1) + (uint64_t)m);
            const char *why;
            int v = judge(sc, &st, &why);
            t->states++;
            if (v == BAD || (must_be_new && v != NEW)) {
                char what[2 * PATH_MAX + 64] = "before the first call";
                if (k)
                    op_describe(&lg->ops[k - 1], what, sizeof what);
                fail("%s, %s: cut after call %zu of %zu (%s), %s disk: %s%s%s", sc->name, run_name,
                     k, lg->n, what, mode_names[mode],
                     why        ? why
                     : v == BAD ? "the listing is no whole state"
                                : "shows the ",
                     why || v == BAD ? "" : whole_names[v],
                     why || v == BAD ? "" : " bundle after the import said \"imported\"");
            }
            free(st.p);
        }
    }
    fs_free(&fs);
}

typedef struct {
    int mkdir, create, write, fsync_file, fsync_dir, rename, exchange, unlink, rmdir;
} counts_t;

static void count(const fs_t *fs, const op_t *op, counts_t *c)
{
    int ino = op->p1 ? lookup(fs, op->p1) : -1;
    if (op->status != '+')
        return;
    c->mkdir += op->kind == 'M';
    c->create += op->kind == 'O' && ino < 0;
    c->write += op->kind == 'W';
    c->fsync_file += op->kind == 'S' && ino >= 0 && !fs->in[ino].dir;
    c->fsync_dir += op->kind == 'S' && ino >= 0 && fs->in[ino].dir;
    c->rename += op->kind == 'R';
    c->exchange += op->kind == 'R' && (op->num & RENAME_EXCHANGE_FLAG);
    c->unlink += op->kind == 'U';
    c->rmdir += op->kind == 'D';
}

/* The shim's view against the disk: its calls replayed must give the disk
 * the run left, byte for byte. Counts the calls of each kind into @c. */
static void check_model(const scenario_t *sc, const fs_t *before, const oplog_t *lg,
                        const char *data, const char *run_name, counts_t *c, fs_t *after)
{
    fs_t fs, disk;
    fs_clone(&fs, before);
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < lg->n; i++) {
        count(&fs, &lg->ops[i], c);
        const char *err = op_apply(&fs, &lg->ops[i]);
        if (err) {
            char what[2 * PATH_MAX + 64];
            op_describe(&lg->ops[i], what, sizeof what);
            fail("%s, %s: call %zu (%s): %s", sc->name, run_name, i + 1, what, err);
        }
    }
    fs_load(&disk, data);
    str_t a = state_of(&fs, LANDED, 1), b = state_of(&disk, LANDED, 1);
    if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0)
        fail("%s, %s: the disk is not what the shim's calls give: a call went round the shim",
             sc->name, run_name);
    free(a.p);
    free(b.p);
    if (after)
        *after = fs;
    else
        fs_free(&fs);
    fs_free(&disk);
}

/* Runs the import with the shim on a fresh copy of @initial, and fills
 * @before with that disk; or, @initial NULL, on the disk the last run left
 * (@before: the caller's model of it). @fail_at < 0: nothing made to fail.
 * The log into @lg. */
static run_t import_run(scenario_t *sc, const str_t *initial, long fail_at, fs_t *before,
                        oplog_t *lg, char **data_out)
{
    char *dir = path_of("%s/run", base), *data = path_of("%s/run/data", base);
    char *log = path_of("%s/run.log", base), *state = path_of("%s/run/state", base);
    char root[PATH_MAX + 32], logv[PATH_MAX + 32], failv[64], pre[sizeof preload + 16];
    if (initial) {
        rm_rf(dir);
        make_dir(dir);
        materialize(initial, data);
        fs_load(before, data);
    }
    write_file(log, "", 0); /* the shim appends */
    env_t e = {0};
    env_init(&e, data, state);
    snprintf(root, sizeof root, "SAHIFA_POWERCUT_ROOT=%s", data);
    snprintf(logv, sizeof logv, "SAHIFA_POWERCUT_LOG=%s", log);
    snprintf(failv, sizeof failv, "SAHIFA_POWERCUT_FAIL=%ld", fail_at);
    snprintf(pre, sizeof pre, "LD_PRELOAD=%s", preload);
    size_t n = 5;
    e.v[n++] = root;
    e.v[n++] = logv;
    e.v[n++] = failv;
    e.v[n++] = pre;
    e.v[n] = NULL;
    const char *args[] = {"--import", sc->src_new, NULL};
    run_t r = run_sahifa(args, e.v);
    *lg = log_parse(log);
    *data_out = data;
    free(dir);
    free(log);
    free(state);
    return r;
}

/* ---- the bundles and the scenarios -------------------------------------- */

/* An article of @paras paragraphs (a title line, then the body). */
static void put_article(const char *dir, const char *name, const char *title, int paras)
{
    str_t s = {0};
    char *path = path_of("%s/%s", dir, name);
    sb_printf(&s, "%s\n\n", title);
    for (int i = 0; i < paras; i++)
        sb_printf(&s, "Paragraph %d of %s: the import copies every byte of it or none.\n\n", i,
                  title);
    write_file(path, s.p, s.n);
    free(s.p);
    free(path);
}

/* The bundle "news" into @parent: the old version, or the new one (a
 * changed, b the same, c gone, d new and 150 KB: several writes). */
static void put_news(const char *parent, bool new_version)
{
    char *dir = path_of("%s/news", parent), *ini = path_of("%s/bundle.ini", dir);
    make_dir(dir);
    const char *text = new_version ? "[bundle]\nname = New news\npublisher = P\n"
                                   : "[bundle]\nname = Old news\npublisher = P\n";
    write_file(ini, text, strlen(text));
    put_article(dir, "a.txt", new_version ? "Alpha, new" : "Alpha, old", 20);
    put_article(dir, "b.txt", "Beta", 5);
    if (new_version)
        put_article(dir, "d.txt", "Delta", 2000);
    else
        put_article(dir, "c.txt", "Gamma", 5);
    free(dir);
    free(ini);
}

/* A data dir at @data: nothing, or sahifa/bundles with the bundle "other",
 * and "news" old or new (0: none, 1: old, 2: new). */
static str_t data_state(const char *name, bool other, int news)
{
    char *data = path_of("%s/%s", base, name), *bundles = path_of("%s/sahifa/bundles", data);
    make_dir(data);
    if (other || news) {
        char *sah = path_of("%s/sahifa", data), *o = path_of("%s/other", bundles);
        make_dir(sah);
        make_dir(bundles);
        if (other) {
            make_dir(o);
            put_article(o, "x.txt", "Another bundle's article", 3);
        }
        if (news)
            put_news(bundles, news == 2);
        free(sah);
        free(o);
    }
    fs_t fs;
    fs_load(&fs, data);
    str_t s = state_of(&fs, LANDED, 1);
    fs_free(&fs);
    rm_rf(data);
    free(data);
    free(bundles);
    return s;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void expect_calls(const scenario_t *sc, const counts_t *c)
{
    /* Each kind the import makes must have reached the shim. */
    struct {
        const char *what;
        int n, min;
    } need[] = {
        {"mkdir (mkdtemp)", c->mkdir, strcmp(sc->name, "first") == 0 ? 3 : 1},
        {"file creations", c->create, 4},
        {"writes", c->write, 6},
        {"fsyncs of files", c->fsync_file, 4},
        {"fsyncs of folders", c->fsync_dir, 2},
        {"renames", c->rename, 1},
        {"RENAME_EXCHANGEs", c->exchange, strcmp(sc->name, "reimport") == 0},
        {"unlinks", c->unlink, strcmp(sc->name, "reimport") == 0 ? 4 : 0},
        {"rmdirs", c->rmdir, strcmp(sc->name, "reimport") == 0},
    };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (need[i].n < need[i].min)
            fail("%s: the shim saw %d %s, the import makes at least %d", sc->name, need[i].n,
                 need[i].what, need[i].min);
}

static void run_scenario(const char *name, bool faults)
{
    scenario_t sc = {name, path_of("%s/src-new/news", base), {{0}}, {false}, NULL, 0, {0}};
    bool first = strcmp(name, "first") == 0, re = strcmp(name, "reimport") == 0;
    if (!first && !re && strcmp(name, "new") != 0)
        die("%s: no such scenario (first, new, reimport)", name);
    double t0 = now();
    str_t initial = data_state("init", !first, re ? 1 : 0);
    str_t whole[N_WHOLE] = {data_state("ref", !first, 0), data_state("ref", !first, 1),
                            data_state("ref", !first, 2)};
    sc.allowed[re ? OLD : ABSENT] = sc.allowed[NEW] = true;
    for (int w = 0; w < N_WHOLE; w++)
        sc.refs[w] = list_state(&whole[w]);
    if (strncmp(sc.refs[NEW].p, "exit 0\n", 7) != 0 || !strstr(sc.refs[NEW].p, "Delta") ||
        strcmp(sc.refs[NEW].p, sc.refs[re ? OLD : ABSENT].p) == 0)
        die("%s: sahifa --list does not tell the whole states apart:\n%s", name, sc.refs[NEW].p);

    tally_t t = {0, 0};
    fs_t before;
    oplog_t lg;
    char *data;
    counts_t c;
    run_t r = import_run(&sc, &initial, -1, &before, &lg, &data);
    if (r.status != 0 || lg.ack < 0)
        die("%s: the import failed (exit %d; shim saw the acknowledgement: %s):\n%s", name,
            r.status, lg.ack >= 0 ? "yes" : "no", r.err.p);
    check_model(&sc, &before, &lg, data, "clean run", &c, NULL);
    expect_calls(&sc, &c);
    size_t calls = lg.n;
    long runs = 1;
    if (!faults)
        judge_cuts(&sc, &before, &lg, true, MIXED_PER_CUT, "clean run", &t);
    run_free(&r);
    fs_free(&before);
    log_free(&lg);
    free(data);
    for (long i = 0; faults && i < (long)calls; i++) {
        char run_name[64];
        snprintf(run_name, sizeof run_name, "call %ld made to fail", i + 1);
        r = import_run(&sc, &initial, i, &before, &lg, &data);
        runs++;
        bool injected = false, acked = r.status == 0;
        for (size_t k = 0; k < lg.n; k++)
            injected |= lg.ops[k].status == '!';
        fs_t after;
        check_model(&sc, &before, &lg, data, run_name, &c, &after);
        if (!injected)
            fail("%s, %s: no call was made to fail: the runs differ", name, run_name);
        else if (acked && lg.ack < 0)
            fail("%s, %s: exit 0 without saying \"imported\"", name, run_name);
        else if (!acked && lg.ack >= 0)
            fail("%s, %s: said \"imported\" and exited %d", name, run_name, r.status);
        else if (!acked && !strstr(r.err.p, "sahifa: "))
            fail("%s, %s: failed (exit %d) without a message", name, run_name, r.status);
        judge_cuts(&sc, &before, &lg, acked, 1, run_name, &t);
        run_free(&r);
        fs_free(&before);
        log_free(&lg);
        free(data);
        if (acked) {
            fs_free(&after);
            continue;
        }
        /* The user tries again, on the disk the failed import left, whose
         * changes may not be durable yet: the retry's clean-up of the
         * failed import's folder must not cost the bundle either. */
        snprintf(run_name, sizeof run_name, "retry after call %ld failed", i + 1);
        r = import_run(&sc, NULL, -1, &after, &lg, &data);
        runs++;
        check_model(&sc, &after, &lg, data, run_name, &c, NULL);
        if (r.status != 0 || lg.ack < 0)
            fail("%s, %s: the import failed (exit %d): %s", name, run_name, r.status, r.err.p);
        judge_cuts(&sc, &after, &lg, r.status == 0, 1, run_name, &t);
        run_free(&r);
        fs_free(&after);
        log_free(&lg);
        free(data);
    }
    printf("%s (%s): %zu calls under the data dir, %ld import runs, %ld cut points, %ld disks "
           "judged, %zu distinct (each listed and imported into again), %.1f s\n",
           name, faults ? "faults" : "cuts", calls, runs, t.cuts, t.states, sc.n_memo, now() - t0);
    if (sc.first_bad.p)
        printf("%s: the first listing that is no whole state:\n%s\n", name, sc.first_bad.p);
    for (int w = 0; w < N_WHOLE; w++) {
        free(sc.refs[w].p);
        free(whole[w].p);
    }
    for (size_t i = 0; i < sc.n_memo; i++)
        free(sc.memo[i].state.p);
    free(sc.memo);
    free(sc.first_bad.p);
    free(sc.src_new);
    free(initial.p);
}

/* Under AddressSanitizer its runtime must come first in LD_PRELOAD: the
 * test runs in the same build as sahifa, so its own runtime is the one. */
static void set_preload(void)
{
    char line[PATH_MAX + 256];
    FILE *maps = fopen("/proc/self/maps", "r");
    snprintf(preload, sizeof preload, "%s", shim);
    while (maps && fgets(line, sizeof line, maps)) {
        char *p = strchr(line, '/');
        if (p && strstr(p, "/libasan.so")) {
            p[strcspn(p, "\n")] = 0;
            snprintf(preload, sizeof preload, "%s:%s", p, shim);
            break;
        }
    }
    if (maps)
        fclose(maps);
}

int main(int argc, char **argv)
{
    if (argc < 5 || (strcmp(argv[3], "cuts") != 0 && strcmp(argv[3], "faults") != 0)) {
        fprintf(stderr, "usage: test-import-powercut SAHIFA SHIM cuts|faults SCENARIO...\n");
        return 2;
    }
    sahifa = argv[1];
    shim = argv[2];
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *wrapper = getenv("MESON_EXE_WRAPPER");
    if (wrapper && *wrapper) {
        /* LD_PRELOAD would reach the emulator, not the program. */
        printf("skip: a cross build (%s) cannot preload the shim into sahifa\n", wrapper);
        return 77;
    }
    set_preload();
    /* The disks here are models: a real fsync only slows the test down, so
     * a memory file system is preferred. */
    const char *tmp = getenv("TMPDIR");
    struct stat sb;
    if (!tmp || *tmp != '/')
        tmp = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0
                  ? "/dev/shm"
                  : "/tmp";
    char tmpl[PATH_MAX];
    snprintf(tmpl, sizeof tmpl, "%s/sahifa-powercut-XXXXXX", tmp);
    if (!mkdtemp(tmpl) || !realpath(tmpl, base))
        die("%s: %s", tmpl, strerror(errno));
    const char *dirs[] = {"config", "home", "assets", "src-new"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char *d = path_of("%s/%s", base, dirs[i]);
        make_dir(d);
        free(d);
    }
    char *src = path_of("%s/src-new", base);
    put_news(src, true);
    free(src);
    double t0 = now();
    for (int i = 4; i < argc; i++)
        run_scenario(argv[i], strcmp(argv[3], "faults") == 0);
    printf("%ld runs of sahifa in %.1f s; %d failures%s\n", n_runs, now() - t0, failures,
           failures > MAX_FAILURES_SHOWN ? " (the first shown)" : "");
    if (failures && getenv("SAHIFA_POWERCUT_KEEP"))
        printf("kept: %s\n", base);
    else
        rm_rf(base);
    return failures ? 1 : 0;
}
