/*
 * store-faultvfs.h - a SQLite VFS for tests that wraps the default one ("unix")
 * and can (1) fail the Nth write of a save the way a full, broken or
 * read-only disk does, and (2) simulate a power cut: files go back to what
 * had been fsync()ed, plus an arbitrary subset of what had not.
 *
 *   sah_faultvfs_register();
 *   opts.vfs = SAH_FAULTVFS_NAME;
 *   sah_faultvfs_arm(3, ENOSPC, true); // the 3rd write from now fails, and all after it
 *   ... save ... -> error
 *   sah_faultvfs_disarm();
 *
 * "Writes" are xWrite, xTruncate and xSync on any file (database, WAL,
 * journal): each is a point where a real disk can fail. A failure returns
 * what os_unix.c returns for that errno (SQLITE_FULL for ENOSPC on a write,
 * else SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE) with errno set, so the code
 * under test sees what it would see on a real disk.
 *
 * A VFS rather than an LD_PRELOAD shim: it needs no symbol interposition
 * (which ASan also intercepts), sees fsync (which the unix VFS's
 * xSetSystemCall table does not cover) and works for forked children.
 */
#ifndef SAH_STORE_FAULTVFS_H
#define SAH_STORE_FAULTVFS_H

#include <stdbool.h>
#include <stdint.h>

#define SAH_FAULTVFS_NAME "sah-fault"

typedef enum { SAH_FAULT_WRITE, SAH_FAULT_TRUNCATE, SAH_FAULT_SYNC } sah_fault_kind_t;

/* Registers the VFS (not as the default). Idempotent. */
bool sah_faultvfs_register(void);

/* Counts writes from zero again, disarms, forgets power-cut tracking. */
void sah_faultvfs_reset(void);

/* Writes seen since the last reset/arm. */
int sah_faultvfs_writes(void);

/* The @nth write from now (1-based) fails with @err (ENOSPC, EIO, EROFS);
 * @sticky: every write after it fails too (a disk that stays full). */
void sah_faultvfs_arm(int nth, int err, bool sticky);
void sah_faultvfs_disarm(void);

/* A read-only mount: opening a file for writing falls back to read-only
 * (as os_unix.c does on EROFS) and every write fails with EROFS. */
void sah_faultvfs_readonly_media(bool on);

/* The kind of the first fault injected since the last arm. */
sah_fault_kind_t sah_faultvfs_first_fault_kind(void);

/* Power-cut simulation. Track: from now on, remember for every file opened
 * through the VFS what is durable (its content at open or at its last
 * xSync) and the writes since. */
void sah_faultvfs_track(bool on);

/* After @nth more writes the power is "cut": that write and all later ones
 * fail with EIO and change nothing. 0 = never. */
void sah_faultvfs_cut_after(int nth);
bool sah_faultvfs_cut_happened(void);

/*
 * sah_faultvfs_power_cut:
 * Call once every connection is closed. Rewrites each tracked file as the
 * disk could hold it after the cut: the durable content plus, for each
 * 512-byte sector of each unsynced write, that sector or not (chosen from
 * @seed), applied in order. Deletes "-shm" files (shared memory does not
 * survive a reboot). Stops tracking.
 * Returns: how many unsynced sectors were dropped.
 */
long sah_faultvfs_power_cut(uint64_t seed);

#endif
