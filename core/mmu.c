// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the fake MMU and the world reclaim works in: tasks' address
 * spaces, the page cache, swap.  NOT MODELLED YET: every operation below
 * returns -ENOSYS and the world holds no frames.
 */
#include <errno.h>
#include "internal.h"

bool world_mark_owned(struct model *m, void *seen) { (void)m; (void)seen; return true; }
void world_teardown(struct model *m) { (void)m; }
void world_reset(struct model *m) { (void)m; }

int model_mmap_anon(struct model *m, int task, unsigned long npages) { return -ENOSYS; }
int model_mmap_file(struct model *m, int task, int file, unsigned long pgoff,
		    unsigned long npages) { return -ENOSYS; }
int model_munmap(struct model *m, int task, int vma) { return -ENOSYS; }
long model_touch(struct model *m, int task, int vma, unsigned long start, unsigned long n,
		 bool write) { return -ENOSYS; }
int model_file_create(struct model *m, unsigned long npages) { return -ENOSYS; }
long model_file_read(struct model *m, int task, int file, unsigned long start,
		     unsigned long n) { return -ENOSYS; }
long model_file_write(struct model *m, int task, int file, unsigned long start,
		      unsigned long n) { return -ENOSYS; }
int model_file_sync(struct model *m, int file) { return -ENOSYS; }
int model_file_drop(struct model *m, int file) { return -ENOSYS; }
int model_pin(struct model *m, int task, int vma, unsigned long idx) { return -ENOSYS; }
int model_unpin(struct model *m, int task, int vma, unsigned long idx) { return -ENOSYS; }
void model_task_exit(struct model *m, int task) { (void)m; (void)task; }
int model_kswapd_run(struct model *m, int nid) { return -ENOSYS; }
