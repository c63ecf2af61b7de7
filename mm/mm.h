/*
 * The process address space: what memory areas are (vm_flags) and the
 * operations on an mm_struct, under the names of "The Process Address
 * Space" (Linux Kernel Development, ch. 15) and of Linux.
 *
 * Linux's versions take the address space from `current`; these take it
 * as their first argument, so that tests and the kernel itself can work on
 * an address space that no task runs (the system calls pass current->mm).
 *
 * Locking, as in Linux: do_mmap and do_munmap expect mmap_sem held for
 * writing (vm_mmap and vm_munmap take it around them); do_brk,
 * do_mprotect and do_madvise take it themselves; find_vma and
 * handle_mm_fault need it held for reading at least.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "kernel/errno.h"
#include "mm/mm_types.h"
#include "mm/mman.h"

/* Debug builds check the locking rules above. */
static inline void mmap_assert_locked(struct mm_struct *mm)
{
	if (CONFIG_DEBUG_VM)
		BUG_ON(!rwsem_is_locked(&mm->mmap_sem));
}

static inline void mmap_assert_write_locked(struct mm_struct *mm)
{
	if (CONFIG_DEBUG_VM)
		BUG_ON(!rwsem_is_write_locked(&mm->mmap_sem));
}

/*
 * vm_flags: what an area allows and how it behaves. The values are those
 * of the book's table (and of Linux 2.6).
 *
 * The first four are what the pages allow right now; each VM_MAY* bit
 * says whether the matching one may ever be set (mprotect refuses to set
 * VM_WRITE without VM_MAYWRITE with EACCES). A private mapping of a
 * read-only file, say, is VM_MAYWRITE (writes go to private copies), a
 * shared one is not (they would reach the file).
 */
#define VM_NONE 0x00000000ul
#define VM_READ 0x00000001ul		/* pages can be read */
#define VM_WRITE 0x00000002ul		/* pages can be written */
#define VM_EXEC 0x00000004ul		/* pages can be executed */
#define VM_SHARED 0x00000008ul		/* writes are seen by every mapper,
					 * not copied on write */
#define VM_MAYREAD 0x00000010ul		/* VM_READ may be set */
#define VM_MAYWRITE 0x00000020ul	/* VM_WRITE may be set */
#define VM_MAYEXEC 0x00000040ul		/* VM_EXEC may be set */
#define VM_MAYSHARE 0x00000080ul	/* mapped MAP_SHARED (VM_SHARED may be
					 * clear for a read-only file) */
#define VM_GROWSDOWN 0x00000100ul	/* a stack: grows down on faults */
#define VM_GROWSUP 0x00000200ul		/* unused: no x86 stack grows up */
#define VM_SHM 0x00000400ul		/* unused: System V shared memory */
#define VM_DENYWRITE 0x00000800ul	/* unused: the file may not be written
					 * (Linux dropped it too) */
#define VM_EXECUTABLE 0x00001000ul	/* maps the program's executable */
#define VM_LOCKED 0x00002000ul		/* pages stay resident (mlock) */
#define VM_IO 0x00004000ul		/* unused: device memory */
#define VM_SEQ_READ 0x00008000ul	/* madvise: read sequentially */
#define VM_RAND_READ 0x00010000ul	/* madvise: read at random */
#define VM_DONTCOPY 0x00020000ul	/* fork does not copy the area */
#define VM_DONTEXPAND 0x00040000ul	/* mremap may not grow the area */
#define VM_RESERVED 0x00080000ul	/* unused: pages never swapped */
#define VM_ACCOUNT 0x00100000ul		/* counted against the commit limit */
#define VM_NORESERVE 0x00200000ul	/* MAP_NORESERVE: not counted */

/* The bits that select the page protection (vm_get_page_prot). */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)
/* Areas with these are never merged with their neighbours. */
#define VM_SPECIAL (VM_IO | VM_DONTEXPAND | VM_RESERVED)

/* The heap (brk) and, with VM_GROWSDOWN, the stack: data, not code. */
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | \
			       VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_FLAGS (VM_DATA_DEFAULT_FLAGS | VM_GROWSDOWN | VM_ACCOUNT)

/* Linux's defaults for its sysctls of the same names. */
#define DEFAULT_MAX_MAP_COUNT 65530
extern int sysctl_max_map_count;	/* more areas: ENOMEM */
extern unsigned long mmap_min_addr;	/* the lowest address mmap gives */
/* The hole kept below a stack area, so that it cannot grow into the
 * area under it (Linux's stack_guard_gap, 256 pages). */
extern unsigned long stack_guard_gap;

/* do_mmap, get_unmapped_area and do_brk return an address or -errno
 * (IS_ERR_VALUE, kernel/errno.h). */

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The page protection for an area's pages (Linux's protection_map).
 * Private writable areas get read-only entries: the first write faults
 * and the fault handler makes the page the area's own. */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* A shared area whose backing wants to hear of the first write to each
 * page (vm_ops->page_mkwrite) maps its pages read-only until then. */
static inline bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_SHARED) && vma->vm_ops &&
	       vma->vm_ops->page_mkwrite;
}

/* Set vma->vm_page_prot from its flags and, for the above, its vm_ops
 * (so whoever sets vm_ops calls it after). */
void vma_set_page_prot(struct vm_area_struct *vma);

/* mm/mm.c: memory descriptors. */
extern struct mm_struct init_mm;	/* the kernel's: first on mmlist */
extern spinlock_t mmlist_lock;		/* guards every mm's mmlist */
/* At boot, after the slab allocator: mm_cachep, vm_area_cachep, the
 * zero page. */
void mmap_init(void);
/* A new, empty address space with mm_users = mm_count = 1; NULL when
 * out of memory. */
struct mm_struct *mm_alloc(void);
/* Drop a user: the last one unmaps everything, then drops the users'
 * shared mm_count reference. */
void mmput(struct mm_struct *mm);
/* Drop a reference to the structure: the last one frees it. */
void mmdrop(struct mm_struct *mm);
static inline void mmget(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
}
static inline void mmgrab(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED);
}
/* A new area of mm, zeroed; and freeing one (calls no vm_ops). */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);

/* mm/vma.c: finding areas. */
/* The first area with vm_end > addr (it may start above addr), or NULL;
 * mmap_cache answers repeated lookups in the same area. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* find_vma, and in *pprev the area before it (the last area if find_vma
 * found none; NULL if there is no area before). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/* The first area overlapping [start_addr, end_addr), or NULL. */
static inline struct vm_area_struct *
find_vma_intersection(struct mm_struct *mm, unsigned long start_addr,
		      unsigned long end_addr)
{
	struct vm_area_struct *vma = find_vma(mm, start_addr);

	if (vma && end_addr <= vma->vm_start)
		vma = NULL;
	return vma;
}
/* Check every invariant of the list, the tree, their gaps, map_count and
 * mmap_cache; panics naming the first one broken. */
void validate_mm(struct mm_struct *mm);

/* mm/mmap.c: creating and removing mappings. */
/* A free range of len bytes: addr itself if it is a free hint, else the
 * highest fitting range below free_area_cache; with MAP_FIXED, addr
 * whatever is there. -ENOMEM if none fits, -EINVAL for a misaligned
 * MAP_FIXED address. */
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file,
				unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags);
/* Map len bytes with prot (PROT_*) and flags (MAP_*), from pgoff (in
 * pages) of file or anonymous memory; returns the address or -errno. */
unsigned long do_mmap(struct mm_struct *mm, struct file *file,
		      unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff);
/* do_mmap and do_munmap under mmap_sem. */
unsigned long vm_mmap(struct mm_struct *mm, struct file *file,
		      unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff);
int vm_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/* The mmap system call's own part: MAP_ANONYMOUS or a file from fd. */
unsigned long ksys_mmap_pgoff(struct mm_struct *mm, unsigned long addr,
			      unsigned long len, unsigned long prot,
			      unsigned long flags, int fd, unsigned long pgoff);
/* Unmap [start, start + len), holes allowed; 0 or -errno. */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/* The brk system call: move the end of the heap to brk and return the new
 * end, or the old one if brk is below start_brk or cannot be reached.
 * (Linux shares this work between sys_brk and do_brk_flags.) */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);

/* mm/mprotect.c and mm/madvise.c: changing mappings. */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot);
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len,
	       int behavior);

/* mm/memory.c: the pages behind the areas. */
/* What handle_mm_fault did: 0 (the page is mapped), or why not. */
#define VM_FAULT_OOM 0x1		/* no memory for a page or table */
#define VM_FAULT_SIGSEGV 0x2		/* the area does not allow it */
#define VM_FAULT_SIGBUS 0x4		/* no page there (past end of file) */

/* A fault as handle_mm_fault hands it to vm_ops->fault and page_mkwrite:
 * fault() returns VM_FAULT_* and, on success, a referenced page in page. */
struct vm_fault {
	unsigned long address;		/* page-aligned */
	unsigned flags;			/* FAULT_FLAG_* */
	unsigned long pgoff;		/* the page's offset in the backing */
	struct page *page;
};

/* Faults of each kind since boot, over every mm (mm->faults per mm). */
extern unsigned long vm_fault_events[NR_MM_FAULT_KINDS];

static inline void count_fault(struct mm_struct *mm, enum mm_fault_kind kind)
{
	mm->faults[kind]++;
	vm_fault_events[kind]++;
}

/* Events since boot over every address space, as Linux's vm_event_item
 * (kernel/fs/proc/vmstat.c says exactly what each counts). */
enum vm_event_item {
	PGFAULT,		/* faults handle_mm_fault took on, each once */
	PGMAJFAULT,		/* file faults whose page was not cached */
	MMAP_CACHE_HIT,		/* find_vma answered by mm->mmap_cache */
	MMAP_CACHE_MISS,	/* find_vma searched the tree */
	NR_VM_EVENT_ITEMS
};
extern unsigned long vm_events[NR_VM_EVENT_ITEMS];

static inline void count_vm_event(enum vm_event_item item)
{
	vm_events[item]++;
}

/* Make addr's page of vma present for the access described by flags
 * (FAULT_FLAG_*, mm/fault.h). Anonymous memory: a read of a page never
 * written maps the shared zero page, a write gets a zeroed page of its
 * own (copying if the page it had was shared). */
unsigned handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			 unsigned flags);
/* Fork: give dst_vma (a copy of src_vma in the child) the same pages,
 * copy-on-write where the area is private; 0 or -ENOMEM. */
int copy_page_range(struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma);
/* A copy of oldmm for a forked child (areas, pages copy-on-write,
 * layout fields); NULL when out of memory. */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
/* Grow a VM_GROWSDOWN area down to address; 0 or -ENOMEM (stack limit,
 * guard gap, no memory). mmap_sem held for writing. */
int expand_stack(struct vm_area_struct *vma, unsigned long address);
/* The most a stack area may grow to (Linux's default RLIMIT_STACK). */
#define STACK_LIMIT (8ul << 20)
/* Fault in every page of [start, start + len) the way the areas allow
 * (MAP_POPULATE, MAP_LOCKED); 0 or -ENOMEM. */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len);
/* The frame that never-written anonymous pages map, read-only. */
struct page *zero_page(void);

#endif
